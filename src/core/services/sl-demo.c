/* sl-demo.c — a realistic, reproducible demo event
 *
 * Everything random comes from one GRand seeded with the caller's seed and
 * drawn in a fixed order, so the same seed always gives the same people;
 * nothing here reads the clock except the created_at/updated_at and audit
 * timestamps the store itself writes. The CSV writer uses the very same
 * person generator, so a CSV and a demo event of the same seed and size
 * hold the same entrants.
 *
 * All names, phone numbers and addresses are invented: emails use the
 * reserved example.org domain and phones the Ofcom drama range
 * 07700 900000–900999.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-demo.h"
#include "sl-demo-facilities.h"
#include "sl-demo-needs.h"
#include "sl-entrants-private.h"
#include "sl-event-service.h"
#include "sl-fold.h"
#include "sl-json-image.h"
#include "sl-staff-private.h"
#include "sl-store.h"

G_DEFINE_QUARK (sl-demo-error-quark, sl_demo_error)

/* ---- The fixed shape of the event ------------------------------------ */

enum
{
  RACE_EM,
  RACE_EW,
  RACE_WCM,
  RACE_WCW,
  RACE_MASS,
  N_RACES
};

typedef struct
{
  const char *code;
  const char *name;
  const char *kind;
  guint       full_size;   /* entrants at the full 50,000 scale */
} DemoRace;

static const DemoRace demo_races[N_RACES] = {
  { "EM", "Elite Men", "elite-men", 40 },
  { "EW", "Elite Women", "elite-women", 40 },
  { "WCM", "Wheelchair Men", "wheelchair-men", 25 },
  { "WCW", "Wheelchair Women", "wheelchair-women", 20 },
  { "MASS", "Mass", "mass", 0 },
};

typedef struct
{
  guint       race;
  const char *name;
  const char *start_area;
  int         hour;        /* local time of the event */
  int         minute;
} DemoWave;

/* The elite women go first, then the wheelchair races, then the elite men
 * with the mass waves behind them, as on a London-style course.
 */
static const DemoWave demo_waves[] = {
  { RACE_EW, "Elite Women", "Blue", 8, 30 },
  { RACE_WCM, "Wheelchair Men", "Blue", 9, 5 },
  { RACE_WCW, "Wheelchair Women", "Blue", 9, 7 },
  { RACE_EM, "Elite Men", "Blue", 9, 30 },
  { RACE_MASS, "Blue 1", "Blue", 9, 35 },
  { RACE_MASS, "Blue 2", "Blue", 9, 47 },
  { RACE_MASS, "Blue 3", "Blue", 9, 59 },
  { RACE_MASS, "Blue 4", "Blue", 10, 11 },
  { RACE_MASS, "Blue 5", "Blue", 10, 23 },
  { RACE_MASS, "Blue 6", "Blue", 10, 35 },
  { RACE_MASS, "Green 1", "Green", 9, 35 },
  { RACE_MASS, "Green 2", "Green", 9, 50 },
  { RACE_MASS, "Green 3", "Green", 10, 5 },
  { RACE_MASS, "Green 4", "Green", 10, 20 },
  { RACE_MASS, "Red 1", "Red", 9, 35 },
  { RACE_MASS, "Red 2", "Red", 9, 47 },
  { RACE_MASS, "Red 3", "Red", 9, 59 },
  { RACE_MASS, "Red 4", "Red", 10, 11 },
  { RACE_MASS, "Red 5", "Red", 10, 23 },
  { RACE_MASS, "Red 6", "Red", 10, 35 },
};

/* Index of the first mass wave of each start area and how many it has. */
static const struct { guint first; guint n; guint weight; } mass_areas[] = {
  { 4, 6, 40 },   /* Blue */
  { 10, 4, 20 },  /* Green */
  { 14, 6, 40 },  /* Red */
};

typedef struct
{
  const char *name;
  const char *number;      /* Charity Commission or OSCR style */
  guint       weight;      /* share of places and runners */
  guint       pledge_pounds;
} DemoCharity;

/* Invented charities; any likeness to a real one is an accident. */
static const DemoCharity demo_charities[] = {
  { "Northbank Children's Hospice", "1093412", 9, 2000 },
  { "Heart & Lung Research Trust", "1108236", 10, 2000 },
  { "Mind Matters Foundation", "1150977", 8, 2000 },
  { "Cancer Care Alliance", "1012845", 10, 2500 },
  { "Guide Dogs for Everyone", "1077210", 6, 2000 },
  { "Ocean Plastics Action", "1182004", 3, 1800 },
  { "The Memory Lane Trust", "1134760", 6, 2000 },
  { "Shelter from the Storm", "1061533", 5, 2000 },
  { "Young Carers Network", "1129981", 3, 1750 },
  { "Brain Tumour Hope", "1140292", 4, 2000 },
  { "Spinal Injury Support", "1098453", 3, 2000 },
  { "The Rhino Conservation Fund", "1157620", 2, 2000 },
  { "Sign & Sound Trust", "1120348", 2, 1800 },
  { "Kidney Kindness", "1165519", 3, 2000 },
  { "Veterans' Road Home", "1117765", 4, 2000 },
  { "Sight for All", "1070943", 3, 2000 },
  { "Parkinson's Research Circle", "1149086", 4, 2200 },
  { "Motor Neurone Hope", "1102675", 4, 2000 },
  { "Stroke Recovery Association", "1089321", 3, 2000 },
  { "Thames Air Ambulance", "1144108", 3, 2000 },
  { "Lifeboat Volunteers Fund", "SC037124", 3, 2000 },
  { "Food Bank Network", "1171250", 2, 1500 },
  { "Diabetes Together", "1128847", 3, 2000 },
  { "Autism Welcome", "1159933", 3, 2000 },
  { "Cystic Fibrosis Breath Trust", "1079614", 2, 2000 },
  { "Little Hearts Foundation", "1136508", 3, 2000 },
  { "Safe Streets Youth Trust", "1153370", 2, 1800 },
  { "Clean Water Wells", "1176642", 2, 2000 },
  { "Women's Refuge Alliance", "1104519", 2, 2000 },
  { "Bone Marrow Match", "1160287", 2, 2000 },
  { "Children's Book Trust", "1118054", 1, 1500 },
  { "Mountain Rescue Volunteers", "SC041876", 1, 2000 },
  { "Sarcoma Support Fund", "1147721", 1, 2000 },
  { "Les Amis du Cœur", "1181395", 1, 2000 },
  { "Blood Bike Riders", "1166023", 1, 1500 },
  { "Premature Baby Care", "1125670", 2, 2000 },
  { "Wildlife Hospital Trust", "1083391", 1, 1800 },
  { "Hospice at Home", "1099548", 3, 2000 },
  { "Music for Wellbeing", "1172816", 1, 1500 },
  { "Refugee Welcome Fund", "1155462", 2, 2000 },
};

/* ---- Names -------------------------------------------------------------- */

/* Each list runs roughly from the most common name to the rarest, because
 * pick_name() favours the head of a list: a real field has more Smiths
 * than Fairweathers. The pools are large enough that a 50,000-entrant
 * event has tens of thousands of different full names and no one name
 * more than a handful of times, as in a real field.
 */
typedef struct
{
  const char * const *female;
  const char * const *male;
  const char * const *surnames;
  const char * const *nationalities;  /* alpha-3, drawn uniformly */
  guint               weight;         /* share among mass entrants */
  guint               elite_weight;   /* share among elite entrants */
  guint               double_percent; /* entrants giving two surnames */
  const char         *double_join;    /* "-": Smith-Jones; " ": García Márquez */
  guint               british_percent; /* of British nationals, first name from the
                                        * British pool: second-generation families */
  const char         *female_surname; /* many women go by it whatever the family name */
  guint               female_surname_percent;
  gboolean            gendered_ski;   /* Polish -ski/-cki surnames */
} DemoOrigin;

#define L(...) (const char * const[]) { __VA_ARGS__, NULL }

/* The first origin is the British one: about half of the field, and the
 * first names of many British-born runners of every other origin.
 */
static const DemoOrigin demo_origins[] = {
  { /* British */
    L ("Olivia", "Emma", "Sophie", "Charlotte", "Amelia", "Emily", "Hannah", "Lucy", "Grace",
       "Jessica", "Sarah", "Rebecca", "Laura", "Isla", "Ella", "Lily", "Evie", "Ava", "Isabella",
       "Poppy", "Mia", "Freya", "Alice", "Florence", "Ruby", "Daisy", "Phoebe", "Matilda",
       "Millie", "Rosie", "Holly", "Chloe", "Amy", "Katie", "Lauren", "Gemma", "Claire", "Nicola",
       "Joanne", "Victoria", "Helen", "Louise", "Kelly", "Samantha", "Natalie", "Jennifer",
       "Elizabeth", "Katherine", "Catherine", "Eleanor", "Harriet", "Georgina", "Abigail", "Megan",
       "Bethany", "Jade", "Zoë", "Siân", "Bethan", "Cerys", "Ffion", "Carys", "Rhiannon", "Morag",
       "Eilidh", "Kirsty", "Fiona", "Ailsa", "Catriona", "Mhairi", "Alison", "Susan", "Karen",
       "Julie", "Tracey", "Deborah", "Angela", "Jacqueline", "Lisa", "Michelle", "Sharon",
       "Amanda", "Caroline", "Jane", "Anne", "Margaret", "Gillian", "Lynne", "Wendy", "Dawn",
       "Paula", "Joanna", "Kate", "Anna", "Ellie", "Molly", "Imogen", "Scarlett", "Esme",
       "Beatrice", "Clara", "Evelyn", "Maisie", "Martha", "Violet", "Aimee", "Leah", "Jasmine",
       "Naomi", "Kayleigh", "Stacey", "Danielle", "Hayley", "Kimberley", "Philippa", "Felicity",
       "Heather", "Tessa", "Yvonne", "Pauline", "Sandra", "Janet", "Frances", "Rosemary", "Sally",
       "Lesley", "Jodie", "Kerry", "Leanne", "Erin", "Lydia", "Zara"),
    L ("James", "Oliver", "Thomas", "William", "Harry", "George", "Jack", "Daniel", "Matthew",
       "Samuel", "Benjamin", "Joseph", "Christopher", "Andrew", "David", "Richard", "Michael",
       "Edward", "Alexander", "Luke", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar", "Leo",
       "Arthur", "Henry", "Archie", "Joshua", "Noah", "Max", "Isaac", "Theo", "Ethan", "Toby",
       "Finley", "Lewis", "Callum", "Ryan", "Adam", "Nathan", "Jamie", "Connor", "Kieran",
       "Jordan", "Aaron", "Ben", "Tom", "Sam", "Joe", "Mark", "Paul", "Stephen", "Peter", "John",
       "Robert", "Simon", "Ian", "Gary", "Neil", "Stuart", "Craig", "Darren", "Lee", "Wayne",
       "Jason", "Martin", "Kevin", "Anthony", "Philip", "Graham", "Nigel", "Keith", "Trevor",
       "Colin", "Alan", "Brian", "Barry", "Kenneth", "Malcolm", "Douglas", "Gordon", "Duncan",
       "Alistair", "Angus", "Fraser", "Euan", "Ross", "Hamish", "Rhys", "Dafydd", "Gareth",
       "Owain", "Huw", "Iwan", "Dylan", "Gethin", "Rupert", "Hugo", "Felix", "Jasper", "Sebastian",
       "Dominic", "Marcus", "Timothy", "Jonathan", "Nicholas", "Patrick", "Ashley", "Dean",
       "Scott", "Shaun", "Carl", "Elliot", "Harvey", "Reece", "Bradley", "Jake", "Kyle", "Tyler",
       "Rory", "Fergus", "Alasdair", "Gavin", "Russell", "Howard"),
    L ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
       "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
       "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Jackson", "Wood", "Turner",
       "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "King", "Baker", "Harrison",
       "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price",
       "Bennett", "Young", "Griffiths", "Mitchell", "Cook", "Carter", "Richardson", "Bailey",
       "Collins", "Bell", "Shaw", "Miller", "Cox", "Richards", "Marshall", "Anderson", "Simpson",
       "Ellis", "Adams", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray",
       "Mason", "Hunt", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes",
       "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray",
       "Dixon", "Harvey", "Graham", "Pearson", "Fletcher", "Gibson", "Howard", "Andrews",
       "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day",
       "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Dawson", "Ball",
       "Burton", "Watts", "Rose", "Booth", "Perry", "Grant", "Wells", "Armstrong", "Francis",
       "Rees", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr",
       "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid",
       "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed",
       "Williamson", "Bird", "Gardner", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry",
       "Burgess", "Bishop", "Walton", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman",
       "Warren", "Nicholls", "Hamilton", "Sutton", "MacDonald", "Yates", "Hodgson", "Robson",
       "Curtis", "Hopkins", "Harper", "Coleman", "Watkins", "Moss", "Chambers", "Griffin", "Sharp",
       "Hardy", "Wheeler", "Potter", "Osborne", "Johnston", "Gordon", "Wallace", "Jordan",
       "Hutchinson", "Rowe", "May", "Pritchard", "Gilbert", "Willis", "Read", "Miles", "Stevenson",
       "Stephenson", "Hammond", "Arnold", "Buckley", "Walters", "Hewitt", "Barber", "Nelson",
       "Slater", "Austin", "Whitehead", "Mann", "Frost", "Lambert", "Stephens", "Blake", "Goodwin",
       "Barton", "Woodward", "Thomson", "Cunningham", "Barnett", "Baxter", "Clayton", "Nash",
       "Greenwood", "Jennings", "Holt", "Kemp", "Poole", "Bond", "Stokes", "Tucker", "Davidson",
       "Fowler", "Heath", "Norman", "Middleton", "Lawson", "Banks", "French", "Stanley", "Jarvis",
       "Gibbs", "Ferguson", "Hayward", "Douglas", "Dickinson", "Todd", "Barlow", "Peters", "Lucas",
       "Knowles", "Hartley", "Simmons", "Morton", "Field", "Morrison", "Norris", "Townsend",
       "Preston", "Hancock", "Thornton", "Baldwin", "Burrows", "Briggs", "Storey", "Pollard",
       "Howell", "Bowen", "Vaughan", "Pugh", "Howells", "Llewellyn", "Meredith", "Prosser",
       "Mackenzie", "Fraser", "Sinclair", "Urquhart", "McIntyre", "Mackintosh", "MacLean",
       "Cameron", "Crawford", "Kerr", "Paterson", "Macpherson", "McGregor", "McLeod", "Penrose",
       "Tremayne", "Pascoe", "Trelawny", "Ap Rhys", "Fairweather", "Ashworth", "Whitworth",
       "Sutcliffe", "Hargreaves", "Ramsbottom", "Pemberton", "Entwistle", "Haworth", "Clough",
       "Bamford", "Bradshaw", "Rawlinson", "Atherton", "Pickering", "Lockwood", "Holroyd",
       "Ackroyd", "Winterbottom", "Oakley", "Whitfield", "Cartwright", "Chadwick", "Bentley",
       "Kirby", "Lister", "Marriott", "Fenwick", "Nightingale", "Beckett", "Hollis", "Sheppard",
       "Dyer", "Abbott", "Glover", "Wade", "Hurst", "Rowley", "Gough", "Tomlinson", "Stubbs",
       "Ingram", "Sykes", "Bolton", "Horton", "Kendall", "Pratt", "Sharpe", "Goddard", "Hobbs",
       "Bray", "Summers", "Lamb", "Waters", "Chandler", "Gill", "Mellor", "Lord", "Naylor",
       "Blackburn", "Walsh", "Finch", "Wainwright", "Hetherington", "St John", "Le Marchant",
       "De'Ath", "Featherstonehaugh", "Cholmondeley"),
    L ("GBR", "GBR", "GBR", "GBR", "GBR", "GBR", "GBR", "GBR", "GBR", "GBR", "GBR", "GBR", "GBR",
       "GBR", "USA", "USA", "CAN", "AUS", "NZL", "ZAF"),
    44, 6, 4, "-", 0, NULL, 0, FALSE },
  { /* Irish */
    L ("Aoife", "Siobhán", "Niamh", "Saoirse", "Róisín", "Ciara", "Orla", "Sinéad", "Áine",
       "Clodagh", "Emer", "Caoimhe", "Gráinne", "Méabh", "Deirdre", "Aisling", "Eimear", "Sorcha",
       "Clíona", "Mairéad", "Nuala", "Bríd", "Úna", "Fionnuala", "Muireann", "Síle", "Éabha",
       "Laoise", "Ailbhe", "Aoibhinn", "Mary", "Bridget", "Maeve", "Fiona", "Eileen", "Treasa",
       "Orlaith", "Ríona", "Caitríona", "Eithne", "Sadhbh", "Aoibheann", "Nessa", "Sarah", "Emma"),
    L ("Seán", "Ciarán", "Pádraig", "Eoin", "Cian", "Darragh", "Oisín", "Conor", "Declan", "Liam",
       "Colm", "Dónal", "Fionn", "Tadhg", "Ruairí", "Cathal", "Diarmuid", "Éamonn", "Fergal",
       "Niall", "Lorcan", "Rónán", "Shane", "Brendan", "Séamus", "Aidan", "Dermot", "Enda",
       "Finbarr", "Gearóid", "Mícheál", "Cillian", "Odhrán", "Pádraic", "Kevin", "Barry",
       "Donncha", "Tomás", "Ultan", "Lochlann", "Daithí", "Cormac", "Fiachra", "Eoghan",
       "Killian"),
    L ("Murphy", "O'Brien", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Connor", "O'Neill",
       "O'Reilly", "Doyle", "McCarthy", "Gallagher", "O'Doherty", "Kennedy", "Lynch", "Quinn",
       "McLoughlin", "O'Carroll", "Connolly", "Daly", "O'Connell", "Dunne", "Brennan", "Burke",
       "Collins", "O'Farrell", "Fitzgerald", "Maguire", "Nolan", "Flynn", "Callaghan", "O'Donnell",
       "Duffy", "Mahony", "Boyle", "Healy", "O'Shea", "Sweeney", "Hayes", "Kavanagh", "Power",
       "McGrath", "Moran", "Brady", "Casey", "Foley", "Fitzpatrick", "O'Leary", "McDonnell",
       "McMahon", "Donnelly", "Regan", "Donovan", "Flanagan", "Keane", "D'Arcy", "Ó Súilleabháin",
       "Mac Giolla Phádraig", "O'Donoghue", "Ó Briain", "Mac Cárthaigh", "de Búrca", "Ó Néill"),
    L ("IRL", "IRL", "IRL", "GBR", "GBR"),
    6, 2, 0, NULL, 40, NULL, 0, FALSE },
  { /* Spanish */
    L ("María", "Lucía", "Carmen", "Ana", "Isabel", "Inés", "Begoña", "Marta", "Sofía", "Nuria",
       "Laura", "Cristina", "Paula", "Elena", "Raquel", "Pilar", "Rocío", "Alba", "Irene",
       "Silvia", "Patricia", "Beatriz", "Rosa", "Montserrat", "Mercedes", "Teresa", "Natalia",
       "Sara", "Andrea", "Claudia", "Ainhoa", "Itziar", "Maite", "Noelia", "Lorena", "Verónica",
       "María José", "Concepción"),
    L ("José", "Javier", "Álvaro", "Jesús", "Sergio", "Raúl", "Andrés", "Iñaki", "Pablo", "Rubén",
       "Antonio", "Manuel", "Francisco", "David", "Juan", "Daniel", "Carlos", "Miguel",
       "Alejandro", "Rafael", "Fernando", "Luis", "Jorge", "Alberto", "Diego", "Adrián", "Óscar",
       "Víctor", "Ignacio", "Gonzalo", "Íñigo", "Joaquín", "Ramón", "Enrique", "Jordi", "Xavier",
       "Borja", "Juan Carlos", "José Luis"),
    L ("Fernández", "García", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
       "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
       "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos",
       "Gil", "Ramírez", "Serrano", "Blanco", "Molina", "Morales", "Suárez", "Ortega", "Delgado",
       "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias", "Medina", "Garrido",
       "Cortés", "Castillo", "Santos", "Lozano", "Guerrero", "Cano", "Prieto", "Méndez", "Calvo",
       "Gallego", "Vidal", "León", "Herrera", "Peña", "Cabrera", "Fuentes", "Carrasco", "Ibáñez",
       "Etxeberria", "de la Fuente", "Fernández López", "García Márquez"),
    L ("ESP", "ESP", "ESP", "ESP", "MEX", "ARG", "COL", "GBR"),
    4, 3, 30, " ", 10, NULL, 0, FALSE },
  { /* French */
    L ("Marie", "Camille", "Hélène", "Amélie", "Chloé", "Élodie", "Margaux", "Céline", "Anaïs",
       "Léa", "Françoise", "Julie", "Nathalie", "Isabelle", "Sandrine", "Stéphanie", "Aurélie",
       "Émilie", "Manon", "Pauline", "Mathilde", "Juliette", "Clémence", "Océane", "Valérie",
       "Sylvie", "Christine", "Delphine", "Virginie", "Laëtitia", "Agnès", "Géraldine", "Maëlle",
       "Noémie", "Bérénice", "Marie-Claire"),
    L ("Nicolas", "Julien", "François", "Jérôme", "Sébastien", "Étienne", "Benoît", "Loïc", "Théo",
       "Gaël", "Mathieu", "Clément", "Pierre", "Antoine", "Guillaume", "Maxime", "Romain",
       "Vincent", "Olivier", "Laurent", "Christophe", "Frédéric", "Stéphane", "Cédric", "Baptiste",
       "Quentin", "Thibault", "Aurélien", "Jean-Pierre", "Jean-Luc", "Jean-Baptiste", "Rémi",
       "Grégoire", "Yannick", "Hervé", "Noël"),
    L ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
       "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "David", "Bertrand", "Roux", "Vincent",
       "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
       "François", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Henry",
       "Roussel", "Perrin", "Morin", "Gauthier", "Dumont", "Fontaine", "Chevalier", "Robin",
       "Masson", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Roche",
       "Meunier", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet",
       "Leroux", "Lemaître", "Lévêque", "Côté", "Le Gall", "Le Goff", "Tremblay", "Gagnon",
       "Bélanger", "d'Aubigné", "Saint-Martin"),
    L ("FRA", "FRA", "FRA", "FRA", "BEL", "CAN", "CHE", "GBR"),
    5, 3, 0, NULL, 10, NULL, 0, FALSE },
  { /* German */
    L ("Anna", "Katharina", "Julia", "Anja", "Sabine", "Jutta", "Käthe", "Lea", "Franziska",
       "Birgit", "Ute", "Jülide", "Hannelore", "Lena", "Johanna", "Petra", "Monika", "Claudia",
       "Susanne", "Stefanie", "Nicole", "Christina", "Melanie", "Kerstin", "Heike", "Gabriele",
       "Ursula", "Annika", "Svenja", "Greta", "Antje", "Dörte", "Bärbel", "Frauke",
       "Anne-Kathrin"),
    L ("Thomas", "Michael", "Andreas", "Jürgen", "Jörg", "Günther", "Lukas", "Maximilian",
       "Matthias", "Tobias", "Uwe", "Björn", "Stefan", "Markus", "Christian", "Florian",
       "Sebastian", "Jan", "Jonas", "Felix", "Leon", "Niklas", "Philipp", "Frank", "Klaus",
       "Wolfgang", "Dieter", "Rüdiger", "Jens", "Sven", "Torsten", "Dirk", "Henning", "Moritz",
       "Benedikt", "Hans-Peter", "Karl-Heinz"),
    L ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
       "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
       "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
       "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schulze", "Maier", "Köhler", "Herrmann",
       "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters", "Scholz", "Möller", "Weiß", "Jung",
       "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Berger", "Winkler", "Roth", "Beck",
       "Lorenz", "Baumann", "Albrecht", "Schuster", "Böhm", "Groß", "Weißmüller", "von Bülow",
       "von der Heide"),
    L ("DEU", "DEU", "DEU", "DEU", "AUT", "CHE", "GBR"),
    4, 4, 0, NULL, 10, NULL, 0, FALSE },
  { /* Polish */
    L ("Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena", "Zofia", "Ewa",
       "Alicja", "Barbara", "Krystyna", "Elżbieta", "Dorota", "Monika", "Beata", "Aleksandra",
       "Natalia", "Karolina", "Justyna", "Paulina", "Marta", "Iwona", "Grażyna", "Jadwiga",
       "Halina", "Urszula", "Renata", "Sylwia", "Weronika", "Zuzanna", "Wiktoria", "Bożena"),
    L ("Piotr", "Krzysztof", "Tomasz", "Łukasz", "Paweł", "Michał", "Grzegorz", "Wojciech",
       "Andrzej", "Jan", "Marcin", "Marek", "Jakub", "Adam", "Stanisław", "Mateusz", "Kamil",
       "Dariusz", "Rafał", "Zbigniew", "Jerzy", "Józef", "Ryszard", "Tadeusz", "Mariusz", "Artur",
       "Bartosz", "Przemysław", "Dawid", "Szymon", "Kacper", "Jarosław", "Maciej", "Radosław",
       "Sławomir"),
    L ("Nowak", "Wójcik", "Kowalski", "Wiśniewski", "Lewandowski", "Kowalczyk", "Kamiński",
       "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
       "Kwiatkowski", "Wojciechowski", "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając",
       "Pawłowski", "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski",
       "Majewski", "Olszewski", "Stępień", "Malinowski", "Jaworski", "Adamczyk", "Dudek",
       "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora", "Baran", "Rutkowski",
       "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak", "Zalewski", "Wróblewski",
       "Jasiński", "Zawadzki", "Sawicki", "Sokołowski", "Czarnecki", "Wysocki"),
    L ("POL", "POL", "GBR", "GBR"),
    4, 2, 0, NULL, 25, NULL, 0, TRUE },
  { /* Nordic */
    L ("Ingrid", "Astrid", "Sigrid", "Åsa", "Maja", "Freja", "Liv", "Solveig", "Karin", "Kristina",
       "Elin", "Ida", "Nora", "Sofie", "Ingeborg", "Hanne", "Kari", "Marit", "Ragnhild", "Tove",
       "Linnéa", "Malin", "Sanna", "Aino", "Päivi", "Mette", "Birgitte", "Lotte", "Signe",
       "Kirsten", "Gunnhild", "Hilde", "Frida", "Ebba", "Märta"),
    L ("Søren", "Bjørn", "Lars", "Anders", "Magnus", "Håkon", "Jens", "Øyvind", "Erik", "Nils",
       "Olof", "Johan", "Per", "Henrik", "Mikael", "Fredrik", "Gustav", "Axel", "Emil", "Oskar",
       "Ola", "Knut", "Sigurd", "Torbjørn", "Espen", "Kasper", "Rasmus", "Mads", "Mikkel", "Jukka",
       "Matti", "Juha", "Timo", "Pekka", "Åke", "Göran"),
    L ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Jensen",
       "Nielsen", "Johansson", "Andersson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
       "Persson", "Svensson", "Gustafsson", "Ødegaard", "Sørensen", "Jørgensen", "Løvlie", "Åberg",
       "Lindqvist", "Bjørklund", "Halvorsen", "Järvinen", "Nyström", "Kristiansen", "Karlsen",
       "Lindberg", "Lindström", "Bergström", "Sjöberg", "Lundgren", "Engström", "Holm", "Dahl",
       "Haugen", "Bakken", "Solberg", "Rasmussen", "Christensen", "Korhonen", "Virtanen",
       "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen"),
    L ("NOR", "DNK", "SWE", "FIN"),
    3, 4, 0, NULL, 0, NULL, 0, FALSE },
  { /* Turkish */
    L ("Ayşe", "Fatma", "Elif", "Zeynep", "Emine", "Gülşen", "Özlem", "Şebnem", "Büşra", "Derya",
       "Hatice", "Merve", "Esra", "Selin", "Ece", "Ebru", "Gizem", "Melike", "Tuğba", "Sibel",
       "Pınar", "Hülya", "Serap", "Aslı", "Deniz", "Yasemin", "Burcu", "Canan", "Dilek", "Nesrin",
       "İrem"),
    L ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Ömer", "Emre", "Barış",
       "Çağlar", "İsmail", "Oğuz", "Murat", "Yusuf", "Burak", "Can", "Cem", "Kemal", "Serkan",
       "Volkan", "Tolga", "Onur", "Hakan", "Kaan", "Selim", "Uğur", "Erdem", "Gökhan", "Tarık",
       "Furkan"),
    L ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
       "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
       "Şimşek", "Polat", "Korkmaz", "Güneş", "Karataş", "Bulut", "Avcı", "Ünal", "Güler", "Tekin",
       "Turan", "Yavuz", "Keskin", "Aktaş", "Acar", "Uçar", "Akın", "Duman", "Tunç", "Karaca",
       "Kaplan", "Bozkurt", "Ateş", "Coşkun", "Bayram"),
    L ("TUR", "TUR", "GBR", "GBR", "DEU", "CYP"),
    2, 2, 0, NULL, 20, NULL, 0, FALSE },
  { /* Japanese, romanised */
    L ("Yuki", "Haruka", "Aiko", "Sakura", "Yōko", "Misaki", "Naoko", "Emi", "Yui", "Hina", "Aoi",
       "Mei", "Rin", "Akari", "Ayaka", "Mai", "Nanami", "Saki", "Kaori", "Keiko", "Tomoko",
       "Yumiko", "Mayumi", "Noriko", "Kumiko", "Megumi", "Chiharu", "Asuka", "Miyu", "Natsuki",
       "Mizuki", "Shiori"),
    L ("Takumi", "Haruto", "Kenji", "Hiroshi", "Yūto", "Daisuke", "Shōta", "Ryō", "Sōta", "Ren",
       "Hiroki", "Takeshi", "Kazuki", "Naoki", "Kenta", "Ryōta", "Tatsuya", "Takashi", "Makoto",
       "Satoshi", "Akira", "Kōji", "Shinji", "Yūsuke", "Tomoya", "Kōhei", "Shun", "Kaito", "Riku",
       "Hayato", "Kazuya", "Jun"),
    L ("Satō", "Suzuki", "Takahashi", "Tanaka", "Itō", "Watanabe", "Yamamoto", "Nakamura",
       "Kobayashi", "Katō", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue",
       "Kimura", "Hayashi", "Shimizu", "Yamazaki", "Mori", "Abe", "Ikeda", "Hashimoto",
       "Yamashita", "Ishikawa", "Nakajima", "Maeda", "Fujita", "Ogawa", "Gotō", "Okada",
       "Hasegawa", "Murakami", "Kondō", "Ishii", "Saitō", "Sakamoto", "Endō", "Aoki", "Fujii",
       "Nishimura", "Fukuda", "Ōta", "Miura", "Fujiwara", "Okamoto", "Ōno"),
    L ("JPN"),
    2, 6, 0, NULL, 0, NULL, 0, FALSE },
  { /* Nigerian */
    L ("Chioma", "Ngozi", "Adaeze", "Folake", "Funmilayo", "Oluwaseun", "Amaka", "Yetunde",
       "Chiamaka", "Nkechi", "Ifeoma", "Adaobi", "Ebele", "Obiageli", "Temitope", "Titilayo",
       "Bukola", "Omolara", "Abimbola", "Adeola", "Damilola", "Kemi", "Bisola", "Hauwa", "Zainab",
       "Blessing", "Precious", "Esther", "Chinwe", "Onyinye", "Ifeyinwa", "Morenike"),
    L ("Chinedu", "Emeka", "Oluwadamilare", "Babatunde", "Obinna", "Tunde", "Adebayo", "Ikechukwu",
       "Chukwuemeka", "Nnamdi", "Uche", "Kelechi", "Chidi", "Ifeanyi", "Olumide", "Adewale",
       "Femi", "Segun", "Kayode", "Olusegun", "Abdullahi", "Musa", "Emmanuel", "Samuel", "Tobi",
       "Ayodele", "Kunle", "Dapo", "Gbenga", "Jide", "Chijioke", "Ikenna"),
    L ("Okafor", "Adeyemi", "Okonkwo", "Eze", "Nwosu", "Ogunleye", "Olawale", "Chukwu", "Abubakar",
       "Okeke", "Nwachukwu", "Obi", "Okoro", "Onyeka", "Uzoma", "Ibekwe", "Nwankwo", "Ogbonna",
       "Anyanwu", "Okoye", "Adebayo", "Afolabi", "Akinola", "Bello", "Balogun", "Ogunbiyi",
       "Oladipo", "Olaniyan", "Oyewole", "Adeleke", "Ajayi", "Akande", "Ojo", "Oni", "Adekunle",
       "Olatunji", "Usman", "Ibrahim", "Nnadi", "Akintola", "Oyebanji", "Adeyemi-Johnson",
       "Coker-Adebayo"),
    L ("NGA", "GBR", "GBR"),
    3, 1, 0, NULL, 30, NULL, 0, FALSE },
  { /* Indian, most of them Gujarati */
    L ("Priya", "Pooja", "Anjali", "Ananya", "Nisha", "Hetal", "Bhavna", "Deepika", "Kavya",
       "Lakshmi", "Sunita", "Aishwarya", "Neha", "Divya", "Shreya", "Meera", "Asha", "Geeta",
       "Rekha", "Preeti", "Swati", "Anita", "Kavita", "Shilpa", "Radhika", "Sneha", "Riya",
       "Nikita", "Falguni", "Jyoti", "Bhavini", "Komal", "Hema", "Jaya", "Kajal", "Mamta", "Usha",
       "Reena", "Seema", "Trupti"),
    L ("Amit", "Rahul", "Sanjay", "Rajesh", "Arjun", "Vikram", "Rohan", "Aditya", "Siddharth",
       "Karthik", "Suresh", "Ramesh", "Anil", "Sunil", "Vijay", "Deepak", "Manish", "Nikhil",
       "Ravi", "Ajay", "Arun", "Ashok", "Varun", "Kunal", "Pranav", "Vivek", "Hitesh", "Nilesh",
       "Jayesh", "Bhavesh", "Chirag", "Dilip", "Sachin", "Rakesh", "Mahesh", "Dinesh", "Kishan",
       "Paresh", "Mukesh", "Rajiv", "Sameer", "Yash"),
    L ("Patel", "Shah", "Sharma", "Kumar", "Mistry", "Gupta", "Joshi", "Desai", "Parmar",
       "Chauhan", "Solanki", "Mehta", "Thakkar", "Lad", "Amin", "Dave", "Vora", "Pandya",
       "Trivedi", "Bhatt", "Rana", "Reddy", "Iyer", "Nair", "Chaudhary", "Banerjee", "Rao",
       "Verma", "Agarwal", "Pillai", "Menon", "Mukherjee", "Chatterjee", "Das", "Bose", "Ghosh",
       "Sen", "Malhotra", "Kapoor", "Khanna", "Chopra", "Naidu", "Krishnan", "Pandey", "Mishra",
       "Rathod", "Makwana", "Chavda", "Gohil", "Vaghela", "Lakhani", "Kotecha", "Ruparelia",
       "Pattni", "Karia", "Tailor", "Kotak"),
    L ("GBR", "GBR", "GBR", "IND"),
    4, 1, 0, NULL, 15, NULL, 0, FALSE },
  { /* Punjabi Sikh, mostly British-born */
    L ("Jaspreet", "Harpreet", "Gurpreet", "Manpreet", "Simran", "Parminder", "Rupinder",
       "Kulwinder", "Amandeep", "Navneet", "Ravinder", "Sukhwinder", "Harjinder", "Jasvir",
       "Baljit", "Kiran", "Rajinder", "Paramjit", "Harleen", "Jasleen", "Gurleen", "Mandeep",
       "Satwant", "Surinder", "Davinder", "Simranjeet", "Jasmeet", "Kamaljit", "Ramandeep",
       "Gurinder", "Balvinder", "Inderpreet", "Kirandeep", "Rajwant", "Charanjit"),
    L ("Harjit", "Gurdeep", "Jaswinder", "Sukhdev", "Manjit", "Kuldip", "Amarjit", "Gurpal",
       "Harpal", "Jasbir", "Balwinder", "Jagdeep", "Hardeep", "Ranjit", "Sukhbir", "Gurmit",
       "Inderjit", "Jaspal", "Tarlochan", "Gurjeet", "Karanvir", "Arjan", "Harkirat", "Jasdeep",
       "Manveer", "Navjot", "Taranjit", "Satnam"),
    L ("Singh", "Sandhu", "Gill", "Dhillon", "Sidhu", "Bains", "Grewal", "Sahota", "Bhogal",
       "Johal", "Atwal", "Sangha", "Virdi", "Kang", "Hayer", "Dhaliwal", "Cheema", "Randhawa",
       "Rai", "Basra", "Bhamra", "Chahal", "Mann", "Uppal", "Thind", "Sohal", "Bassi", "Kalsi",
       "Matharu", "Panesar", "Sehmi", "Khera", "Aujla", "Purewal", "Nijjar", "Bhachu", "Dosanjh",
       "Heer", "Kooner", "Pannu"),
    L ("GBR", "GBR", "GBR", "GBR", "IND"),
    2, 0, 0, NULL, 10, "Kaur", 15, FALSE },
  { /* Italian */
    L ("Giulia", "Chiara", "Francesca", "Alessia", "Federica", "Sofia", "Martina", "Giorgia",
       "Sara", "Valentina", "Elisa", "Silvia", "Elena", "Paola", "Roberta", "Simona", "Antonella",
       "Cristina", "Daniela", "Alessandra", "Ilaria", "Serena", "Aurora", "Ginevra", "Eleonora",
       "Caterina", "Benedetta", "Noemi", "Carlotta"),
    L ("Marco", "Alessandro", "Luca", "Francesco", "Niccolò", "Lorenzo", "Matteo", "Giuseppe",
       "Andrea", "Davide", "Simone", "Federico", "Riccardo", "Stefano", "Giovanni", "Antonio",
       "Paolo", "Roberto", "Fabio", "Massimo", "Gianluca", "Emanuele", "Daniele", "Tommaso",
       "Leonardo", "Gabriele", "Pietro", "Salvatore", "Vincenzo", "Mattia", "Filippo", "Edoardo",
       "Nicola"),
    L ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
       "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
       "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
       "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale",
       "Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Marchetti", "Parisi", "Villa",
       "Conte", "Ferraro", "Fabbri", "Marini", "Grasso", "Valentini", "De Angelis", "Pellegrini",
       "Palumbo", "Sanna", "Farina", "Cattaneo", "Morelli", "Amato", "Dell'Acqua", "Sant'Ambrogio",
       "D'Amico", "Di Stefano", "Della Valle"),
    L ("ITA", "ITA", "ITA", "GBR"),
    3, 3, 0, NULL, 20, NULL, 0, FALSE },
  { /* East African, mostly among the elites */
    L ("Brigid", "Tigist", "Ruth", "Mercy", "Almaz", "Hellen", "Gladys", "Meseret", "Faith",
       "Joyce", "Vivian", "Sharon", "Edna", "Florence", "Purity", "Caroline", "Tsehay", "Mulu",
       "Abeba", "Aster", "Selam", "Hiwot", "Winfred", "Agnes", "Judith", "Beatrice", "Irene",
       "Stella", "Nancy"),
    L ("Daniel", "Geoffrey", "Tadesse", "Abebe", "Kenenisa", "Wilson", "Evans", "Birhanu",
       "Samuel", "Joseph", "Joshua", "Stephen", "Vincent", "Moses", "Patrick", "Dennis",
       "Emmanuel", "Gideon", "Amos", "Haile", "Yomif", "Tesfaye", "Getachew", "Lelisa", "Tamirat",
       "Dawit", "Solomon", "Berhane", "Titus", "Benson", "Edwin"),
    L ("Kiprotich", "Chebet", "Wanjiru", "Kiplagat", "Jepkosgei", "Tadesse", "Bekele",
       "Gebremariam", "Cheruiyot", "Kipruto", "Kipchumba", "Kiprop", "Kosgei", "Kipkemboi",
       "Rotich", "Koech", "Kibet", "Korir", "Kimutai", "Kiptoo", "Chepngetich", "Jeptoo",
       "Jepchirchir", "Kipsang", "Mutai", "Kamau", "Njoroge", "Mwangi", "Otieno", "Ochieng",
       "Tesfaye", "Desisa", "Lemma", "Girma", "Tola", "Mekonnen", "Negash", "Abera", "Kebede",
       "Wolde", "Assefa", "Tsegaye", "Chelimo", "Kiplimo", "Kiprono", "Mengistu", "Ayana"),
    L ("KEN", "KEN", "ETH", "ETH", "UGA"),
    1, 40, 0, NULL, 0, NULL, 0, FALSE },
  { /* Pakistani and Bangladeshi, mostly British-born */
    L ("Ayesha", "Fatima", "Zainab", "Amina", "Sana", "Nadia", "Hina", "Saima", "Rabia", "Sadia",
       "Nazia", "Shazia", "Farah", "Maryam", "Khadija", "Noor", "Iqra", "Hafsa", "Asma",
       "Rukhsana", "Shabana", "Yasmin", "Samina", "Tahmina", "Nasreen", "Rehana", "Salma",
       "Sumaiya", "Anisa", "Halima", "Safiya", "Laila", "Mehreen", "Bushra", "Aleena", "Mahnoor",
       "Sidra", "Ambreen", "Nabila", "Zoya", "Humaira", "Sabiha", "Rubina", "Shamima"),
    L ("Mohammed", "Muhammad", "Ahmed", "Ali", "Hassan", "Imran", "Omar", "Bilal", "Usman",
       "Adnan", "Tariq", "Zubair", "Asif", "Kamran", "Faisal", "Shahid", "Irfan", "Naveed",
       "Waqas", "Hamza", "Zain", "Ibrahim", "Yusuf", "Rizwan", "Abdul", "Aamir", "Junaid", "Sajid",
       "Rashid", "Nadeem", "Arif", "Jamal", "Rubel", "Sohel", "Shamim", "Haroon", "Shoaib",
       "Fahad", "Danyal", "Ayaan", "Ismail", "Qasim", "Abdullah", "Suleman", "Wasim"),
    L ("Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Iqbal", "Mahmood", "Rahman", "Uddin", "Islam",
       "Chowdhury", "Miah", "Hossain", "Ahmad", "Malik", "Butt", "Qureshi", "Sheikh", "Rashid",
       "Aziz", "Javed", "Anwar", "Raza", "Saleem", "Nawaz", "Mirza", "Siddiqui", "Chaudhry",
       "Baig", "Bhatti", "Yousaf", "Sultan", "Haider", "Abbas", "Haque", "Karim", "Alam", "Sarwar",
       "Latif", "Ashraf", "Riaz", "Zaman", "Hassan", "Mohammed", "Choudhury", "Ullah", "Rehman",
       "Hameed", "Majid", "Saeed", "Arshad", "Hanif", "Mughal", "Akram", "Rafiq"),
    L ("GBR", "GBR", "GBR", "GBR", "PAK", "BGD"),
    4, 0, 0, NULL, 5, "Begum", 8, FALSE },
  { /* Caribbean, mostly British-born */
    L ("Shanice", "Keisha", "Tanisha", "Latoya", "Marcia", "Beverley", "Sonia", "Paulette",
       "Donna", "Janice", "Simone", "Chantelle", "Monique", "Kezia", "Tamika", "Natasha",
       "Camille", "Nadine", "Jodi-Ann", "Shanelle", "Tiana", "Kiara", "Aaliyah", "Maxine",
       "Claudette", "Hyacinth", "Althea", "Joy", "Jacqueline", "Andrea"),
    L ("Marcus", "Andre", "Delroy", "Winston", "Leroy", "Clive", "Errol", "Everton", "Trevor",
       "Carlton", "Desmond", "Lloyd", "Devon", "Jermaine", "Dwayne", "Kareem", "Tyrone",
       "Nathaniel", "Courtney", "Dexter", "Reuben", "Ainsley", "Jerome", "Denzel", "Tremaine",
       "Omari", "Darnell", "Terrence", "Wesley", "Neville", "Junior"),
    L ("Campbell", "Brown", "Williams", "Francis", "Thomas", "Grant", "Johnson", "Robinson",
       "Clarke", "Bailey", "Reid", "Henry", "Lewis", "Powell", "Forbes", "Gordon", "Morgan",
       "Edwards", "Richards", "Samuels", "McKenzie", "Dacres", "Bennett", "Walker", "Gayle",
       "Hinds", "Blackwood", "Lindo", "Wright", "Christie", "Daley", "Beckford", "Simpson",
       "Allen", "Bogle", "Stewart", "Gooden", "Lawrence", "Facey", "Bryan", "Mullings",
       "Ellington", "Barrett", "Chambers", "Nelson"),
    L ("GBR", "GBR", "GBR", "GBR", "JAM", "TTO", "BRB"),
    3, 1, 0, NULL, 35, NULL, 0, FALSE },
  { /* Chinese, Hong Kong and Malaysian */
    L ("Mei", "Jing", "Li Na", "Xiaoling", "Yan", "Xin", "Ying", "Hui", "Ling", "Mei Ling",
       "Xiaomei", "Yuting", "Jiayi", "Siu Ling", "Wai Yee", "Ka Yan", "Hoi Yan", "Yuen Ting",
       "Pui Shan", "Man Yee", "Jenny", "Michelle", "Vivian", "Winnie", "Cindy", "Joyce", "Amy",
       "Tiffany", "Queenie", "Cherry", "Crystal"),
    L ("Wei", "Jun", "Hao", "Lei", "Tao", "Yang", "Bo", "Zhiwei", "Jianhua", "Xiaoming", "Yuxuan",
       "Haoran", "Ka Ho", "Chi Wai", "Wing Kin", "Kin Man", "Ho Yin", "Tsz Hin", "Kelvin",
       "Kenneth", "Raymond", "Alan", "Eric", "Vincent", "Edmund", "Terence", "Wilson", "Dennis",
       "Stanley", "Calvin"),
    L ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
       "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Tang",
       "Wong", "Chan", "Cheung", "Leung", "Lau", "Lee", "Ng", "Ho", "Yip", "Tsang", "Chow", "Lam",
       "Kwok", "Fung", "Tse", "Yeung", "Lai", "Mak", "Tan", "Lim", "Teo", "Goh"),
    L ("GBR", "GBR", "CHN", "CHN", "HKG", "SGP", "MYS"),
    3, 2, 0, NULL, 45, NULL, 0, FALSE },
  { /* Portuguese and Brazilian */
    L ("Ana", "Maria", "Beatriz", "Inês", "Mariana", "Catarina", "Joana", "Rita", "Leonor",
       "Margarida", "Carolina", "Matilde", "Filipa", "Daniela", "Patrícia", "Cláudia", "Sónia",
       "Teresa", "Conceição", "Fernanda", "Juliana", "Camila", "Gabriela", "Larissa", "Letícia",
       "Luíza", "Tânia", "Vânia", "Helena", "Graça"),
    L ("João", "Pedro", "Tiago", "Diogo", "Rodrigo", "Miguel", "Francisco", "Gonçalo", "Rui",
       "Nuno", "André", "Bruno", "Ricardo", "Paulo", "Luís", "Hugo", "Sérgio", "Vítor", "Fábio",
       "Filipe", "Henrique", "Afonso", "Duarte", "Tomás", "Gustavo", "Gabriel", "Rafael", "Thiago",
       "Matheus", "Caio", "Márcio", "Joaquim"),
    L ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins",
       "Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida",
       "Ribeiro", "Pinto", "Carvalho", "Teixeira", "Moreira", "Correia", "Mendes", "Nunes",
       "Soares", "Vieira", "Monteiro", "Cardoso", "Rocha", "Neves", "Coelho", "Cunha", "Pires",
       "Reis", "Simões", "Antunes", "Magalhães", "Araújo", "Azevedo", "Barbosa", "Lima",
       "Nascimento", "Brandão", "Guimarães", "da Silva", "dos Santos", "de Sousa"),
    L ("PRT", "PRT", "PRT", "BRA", "BRA", "GBR"),
    2, 2, 30, " ", 20, NULL, 0, FALSE },
};

#define BRITISH (&demo_origins[0])

static const char * const demo_clubs[] = {
  "Riverside Road Runners", "Southbank Striders", "Thames Harriers AC", "Highgate Hill Runners",
  "Greenwich Tritons", "Victoria Park Harriers", "Camden Joggers", "Hackney Marsh Runners",
  "Brixton Pacers", "Clapham Chasers", "Croydon Harriers", "Walthamstow Wanderers",
  "Cardiff Bay Runners", "Bristol Harbourside RC", "Leeds Canal Striders",
  "Manchester Northern Harriers", "Bath Abbey Joggers", "Belfast Lough Runners",
  "Dublin Liffey Harriers", "Edinburgh Castle AC", "Club d'Athlétisme de Lyon", "TSV Süd München",
  "Club Atlético Sevilla-Triana", "Klub Biegacza Łódź", "Bergen Løpeklubb",
  "Göteborgs Löparförening", "St. Albans Striders", "Ealing Eagles RC",
  "Tonbridge, Sevenoaks & District AC",
};

static const char * const demo_costumes[] = {
  "Rhino", "Big Ben", "Telephone box", "Banana", "Dinosaur", "Superhero", "Wedding dress",
  "Deep-sea diver", "Camel", "Tower Bridge", "Penguin", "Astronaut", "Tube train",
  "Teapot", "Double-decker bus", "Lighthouse", "Giant carrot", "Pantomime horse",
};

static const char * const demo_vip_roles[] = {
  "VIP: television presenter", "VIP: Member of Parliament for Thamesmead North",
  "VIP: Member of Parliament for Westbridge and Hale", "VIP: peer, House of Lords",
  "VIP: soap actor", "VIP: radio DJ", "VIP: retired Olympic rower", "VIP: celebrity chef",
  "VIP: pop singer", "VIP: stand-up comedian", "VIP: retired Premier League footballer",
};

/* Family share the entrant's surname; partners and friends need not. */
typedef struct
{
  const char *name;
  SlGender    gender;   /* UNKNOWN: either */
} DemoRelation;

static const DemoRelation demo_relations[] = {
  { "partner", SL_GENDER_UNKNOWN }, { "friend", SL_GENDER_UNKNOWN },
  { "mother", SL_GENDER_FEMALE }, { "father", SL_GENDER_MALE },
  { "sister", SL_GENDER_FEMALE }, { "brother", SL_GENDER_MALE },
  { "wife", SL_GENDER_FEMALE }, { "husband", SL_GENDER_MALE },
  { "daughter", SL_GENDER_FEMALE }, { "son", SL_GENDER_MALE },
};

static const char * const demo_email_domains[] = {
  "example.org", "mail.example.org", "post.example.org", "runners.example.org",
};

/* Unambiguous when read aloud or off a screen: no 0/O, 1/I/L. */
static const char ref_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/* ---- The generator ------------------------------------------------------ */

typedef struct
{
  GRand      *rand;
  guint       n;
  guint       race_end[N_RACES];  /* cumulative entrant index where each race ends */
  GHashTable *refs;               /* booking references handed out */
  GDate       event_date;
  guint       charity_weight_total;
  guint       origin_weight_total;
  guint       elite_weight_total;
  /* The length of each origin's lists, counted once rather than per name. */
  struct { guint female, male, surnames, nationalities; } sizes[G_N_ELEMENTS (demo_origins)];
} DemoGen;

typedef struct
{
  SlEntrant *entrant;
  guint      race;
  guint      wave;        /* index into demo_waves */
  int        charity;     /* index into demo_charities, or -1 */
  gint64     target_pence;
  gint64     raised_pence;
} DemoPerson;

static void
demo_person_clear (DemoPerson *person)
{
  g_clear_pointer (&person->entrant, sl_entrant_free);
}

static guint
scaled_race_size (guint race,
                  guint n)
{
  /* Elite fields keep their real size at full scale and shrink with the
   * event, so a 500-entrant test event still has a few of each.
   */
  guint size = (guint)((guint64)demo_races[race].full_size * n / 50000);

  if (size == 0 && n >= 100)
    size = 1;
  return MIN (size, demo_races[race].full_size);
}

static void
demo_gen_init (DemoGen    *gen,
               guint       n,
               guint64     seed,
               const char *event_date)
{
  guint32 seeds[2] = { (guint32)(seed & 0xffffffffu), (guint32)(seed >> 32) };
  guint end = 0;
  guint y, m, d;

  memset (gen, 0, sizeof *gen);
  gen->rand = g_rand_new_with_seed_array (seeds, 2);
  gen->n = n;
  gen->refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = 0; r < RACE_MASS; r++)
    {
      end += scaled_race_size (r, n);
      gen->race_end[r] = end;
    }
  gen->race_end[RACE_MASS] = MAX (end, n);

  g_date_clear (&gen->event_date, 1);
  if (event_date == NULL || sscanf (event_date, "%4u-%2u-%2u", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y))
    y = 2026, m = 4, d = 26;
  g_date_set_dmy (&gen->event_date, d, m, y);

  for (guint i = 0; i < G_N_ELEMENTS (demo_charities); i++)
    gen->charity_weight_total += demo_charities[i].weight;
  for (guint i = 0; i < G_N_ELEMENTS (demo_origins); i++)
    {
      const DemoOrigin *o = &demo_origins[i];

      gen->origin_weight_total += o->weight;
      gen->elite_weight_total += o->elite_weight;
      gen->sizes[i].female = g_strv_length ((char **)o->female);
      gen->sizes[i].male = g_strv_length ((char **)o->male);
      gen->sizes[i].surnames = g_strv_length ((char **)o->surnames);
      gen->sizes[i].nationalities = g_strv_length ((char **)o->nationalities);
    }
}

static void
demo_gen_clear (DemoGen *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->refs, g_hash_table_unref);
}

static guint
pick_index (DemoGen *gen,
            guint    n)
{
  return (guint)g_rand_int_range (gen->rand, 0, (gint32)n);
}

static gboolean
chance (DemoGen *gen,
        double   p)
{
  return g_rand_double (gen->rand) < p;
}

/* Half the draws take the smaller of two indexes, which makes the head of
 * a list about three times as likely as its tail: common names are
 * common, and rare ones still turn up.
 */
static const char *
pick_name (DemoGen            *gen,
           const char * const *list,
           guint               n)
{
  guint i = pick_index (gen, n);

  if (chance (gen, 0.5))
    i = MIN (i, pick_index (gen, n));
  return list[i];
}

static const char *
pick_first_name (DemoGen          *gen,
                 const DemoOrigin *origin,
                 gboolean          female)
{
  guint o = (guint)(origin - demo_origins);

  return female ? pick_name (gen, origin->female, gen->sizes[o].female)
                : pick_name (gen, origin->male, gen->sizes[o].male);
}

static const char *
pick_surname (DemoGen          *gen,
              const DemoOrigin *origin)
{
  return pick_name (gen, origin->surnames, gen->sizes[origin - demo_origins].surnames);
}

static const char *
pick_nationality (DemoGen          *gen,
                  const DemoOrigin *origin)
{
  guint o = (guint)(origin - demo_origins);

  return origin->nationalities[pick_index (gen, gen->sizes[o].nationalities)];
}

static const DemoOrigin *
pick_origin (DemoGen  *gen,
             gboolean  elite)
{
  guint total = elite ? gen->elite_weight_total : gen->origin_weight_total;
  guint x = pick_index (gen, total);

  for (guint i = 0; i < G_N_ELEMENTS (demo_origins); i++)
    {
      guint w = elite ? demo_origins[i].elite_weight : demo_origins[i].weight;
      if (x < w)
        return &demo_origins[i];
      x -= w;
    }
  return BRITISH;
}

static int
pick_charity (DemoGen *gen)
{
  guint x = pick_index (gen, gen->charity_weight_total);

  for (guint i = 0; i < G_N_ELEMENTS (demo_charities); i++)
    {
      if (x < demo_charities[i].weight)
        return (int)i;
      x -= demo_charities[i].weight;
    }
  return 0;
}

/* A family's surname, as its men would write it. */
static char *
dup_family_name (DemoGen          *gen,
                 const DemoOrigin *origin)
{
  const char *surname = pick_surname (gen, origin);

  /* A few British families are double-barrelled; many Spanish and
   * Portuguese runners give both their surnames.
   */
  if (origin->double_percent > 0 && chance (gen, origin->double_percent / 100.0))
    {
      const char *second = pick_surname (gen, origin);
      if (!g_str_equal (second, surname) && strchr (second, ' ') == NULL
          && strchr (surname, ' ') == NULL)
        return g_strconcat (surname, origin->double_join, second, NULL);
    }
  return g_strdup (surname);
}

/* An Irish patronymic's feminine form: Ó becomes Ní, Mac becomes Nic, and
 * the name after them is lenited (séimhiú), written as an h after its
 * first consonant: Ó Briain → Ní Bhriain, Ó Súilleabháin → Ní
 * Shúilleabháin. Vowels, l, n and r take no h, nor an s before another
 * consonant; after Nic, c and g keep theirs too (Nic Cárthaigh).
 */
static char *
dup_gaelic_feminine (const char *prefix,
                     const char *name,
                     gboolean    after_nic)
{
  char first = name[0];
  gboolean lenite = first != '\0' && strchr ("BCDFGMPST", first) != NULL && name[1] != 'h';

  if (first == 'S')
    {
      gunichar next = g_utf8_get_char (name + 1);

      lenite = lenite && next != 0 && g_utf8_strchr ("aeiouáéíóúlnr", -1, next) != NULL;
    }
  if (after_nic && (first == 'C' || first == 'G'))
    lenite = FALSE;
  if (!lenite)
    return g_strconcat (prefix, name, NULL);
  return g_strdup_printf ("%s%ch%s", prefix, first, name + 1);
}

/* The surname a member of the family of the given gender goes by, so an
 * entrant's brother or mother is named as they would be.
 */
static char *
dup_surname_for (DemoGen          *gen,
                 const DemoOrigin *origin,
                 const char       *family,
                 SlGender          gender)
{
  if (gender != SL_GENDER_FEMALE)
    return g_strdup (family);

  /* Many Sikh women are Kaur, many Bangladeshi women Begum. */
  if (origin->female_surname != NULL && chance (gen, origin->female_surname_percent / 100.0))
    return g_strdup (origin->female_surname);

  /* Polish surnames agree with gender: Lewandowski, Lewandowska. */
  if (origin->gendered_ski && g_str_has_suffix (family, "ki"))
    {
      g_autofree char *stem = g_strndup (family, strlen (family) - 1);
      return g_strconcat (stem, "a", NULL);
    }

  if (g_str_has_prefix (family, "Ó "))
    return dup_gaelic_feminine ("Ní ", family + strlen ("Ó "), FALSE);
  if (g_str_has_prefix (family, "Mac "))
    return dup_gaelic_feminine ("Nic ", family + strlen ("Mac "), TRUE);
  return g_strdup (family);
}

/* An email address is ASCII letters, digits and dots from the folded name. */
static char *
dup_email (DemoGen    *gen,
           const char *first,
           const char *last)
{
  g_autofree char *folded = g_strconcat (first, ".", last, NULL);
  g_autofree char *lower = sl_fold (folded);
  GString *email = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (email, *p);
      else if (*p == ' ' && email->len > 0 && email->str[email->len - 1] != '.')
        g_string_append_c (email, '.');
    }
  if (email->len == 0)
    g_string_append (email, "runner");
  if (chance (gen, 0.5))
    g_string_append_printf (email, "%u", pick_index (gen, 99) + 1);
  g_string_append_printf (email, "@%s", demo_email_domains[pick_index (gen,
                                          G_N_ELEMENTS (demo_email_domains))]);
  return g_string_free (email, FALSE);
}

static char *
dup_phone (DemoGen *gen)
{
  return g_strdup_printf ("07700 900%03u", pick_index (gen, 1000));
}

static char *
dup_booking_ref (DemoGen *gen,
                 guint    year)
{
  for (;;)
    {
      char code[7];
      char *ref;

      for (guint i = 0; i < 6; i++)
        code[i] = ref_alphabet[pick_index (gen, sizeof ref_alphabet - 1)];
      code[6] = '\0';
      ref = g_strdup_printf ("LM%02u-%s", year % 100, code);
      if (!g_hash_table_contains (gen->refs, ref))
        {
          g_hash_table_add (gen->refs, g_strdup (ref));
          return ref;
        }
      g_free (ref);
    }
}

static char *
dup_date_of_birth (DemoGen *gen,
                   guint    race)
{
  GDate dob = gen->event_date;
  guint age;

  /* Most runners are in their thirties and forties; a few are 18 or 85. */
  if (race != RACE_MASS)
    age = 21 + pick_index (gen, 18);
  else if (chance (gen, 0.06))
    age = 18 + pick_index (gen, 68);
  else
    age = 20 + pick_index (gen, 25) + pick_index (gen, 20);
  age = CLAMP (age, 18, 85);

  /* Born on a day up to a year before the birthday that makes them age. */
  g_date_subtract_years (&dob, age);
  g_date_subtract_days (&dob, pick_index (gen, 365));

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&dob), g_date_get_month (&dob),
                          g_date_get_day (&dob));
}

static SlEntryType
pick_mass_entry_type (DemoGen *gen)
{
  double x = g_rand_double (gen->rand);

  /* A few hundred reserved places and support runners at full scale. */
  if ((x -= 0.006) < 0)
    return SL_ENTRY_RESERVED_DISABILITY;
  if ((x -= 0.003) < 0)
    return SL_ENTRY_SUPPORT_RUNNER;
  if ((x -= 0.02) < 0)
    return SL_ENTRY_CHAMPIONSHIP;
  if ((x -= 0.12) < 0)
    return SL_ENTRY_GOOD_FOR_AGE;
  if ((x -= 0.22) < 0)
    return SL_ENTRY_CHARITY;
  if ((x -= 0.05) < 0)
    return SL_ENTRY_CLUB;
  if ((x -= 0.04) < 0)
    return SL_ENTRY_OVERSEAS;
  return SL_ENTRY_BALLOT;
}

static guint
pick_mass_wave (DemoGen     *gen,
                SlEntryType  type)
{
  guint x = pick_index (gen, 100);
  guint area = x < mass_areas[0].weight ? 0 : x < mass_areas[0].weight + mass_areas[1].weight
                                                ? 1 : 2;
  guint wave;

  /* The fastest qualifiers start at the front. */
  if (type == SL_ENTRY_CHAMPIONSHIP)
    wave = 0;
  else if (type == SL_ENTRY_GOOD_FOR_AGE)
    wave = pick_index (gen, 2);
  else
    wave = pick_index (gen, mass_areas[area].n);
  return mass_areas[area].first + MIN (wave, mass_areas[area].n - 1);
}

static guint
race_wave (guint race)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_waves); i++)
    if (demo_waves[i].race == race)
      return i;
  g_assert_not_reached ();
}

/* Generates entrant number index (0-based) of the event. */
static void
demo_gen_person (DemoGen    *gen,
                 guint       index,
                 DemoPerson *person)
{
  SlEntrant *e = sl_entrant_new ();
  const DemoOrigin *origin;
  guint race = 0;
  gboolean elite;
  g_autofree char *family_name = NULL;

  while (index >= gen->race_end[race])
    race++;
  elite = race != RACE_MASS;

  memset (person, 0, sizeof *person);
  person->entrant = e;
  person->race = race;
  person->charity = -1;

  origin = pick_origin (gen, elite);
  switch (race)
    {
    case RACE_EM:
    case RACE_WCM:
      e->gender = SL_GENDER_MALE;
      break;
    case RACE_EW:
    case RACE_WCW:
      e->gender = SL_GENDER_FEMALE;
      break;
    default:
      {
        guint x = pick_index (gen, 1000);
        e->gender = x < 450 ? SL_GENDER_FEMALE : x < 990 ? SL_GENDER_MALE
                                                         : SL_GENDER_NON_BINARY;
      }
      break;
    }

  /* Britain is multicultural: many British runners of every origin were
   * born here, and some of those carry a name from the British pool.
   */
  e->nationality = g_strdup (pick_nationality (gen, origin));
  {
    const DemoOrigin *first_origin = origin;
    gboolean female = e->gender == SL_GENDER_FEMALE;

    if (origin->british_percent > 0 && g_str_equal (e->nationality, "GBR")
        && chance (gen, origin->british_percent / 100.0))
      first_origin = BRITISH;
    if (e->gender == SL_GENDER_NON_BINARY)
      female = chance (gen, 0.5);
    e->first_name = g_strdup (pick_first_name (gen, first_origin, female));
  }
  family_name = dup_family_name (gen, origin);
  e->last_name = dup_surname_for (gen, origin, family_name, e->gender);
  e->date_of_birth = dup_date_of_birth (gen, race);

  if (elite)
    {
      /* Elite bibs are low numbers, one hundred per race. */
      guint first = race == 0 ? 0 : gen->race_end[race - 1];
      e->bib = g_strdup_printf ("%u", race * 100 + (index - first) + 1);
      e->entry_type = SL_ENTRY_ELITE;
      person->wave = race_wave (race);
    }
  else
    {
      e->bib = g_strdup_printf ("%u", 10000 + (index - gen->race_end[RACE_MASS - 1]) + 1);
      e->entry_type = pick_mass_entry_type (gen);
      person->wave = pick_mass_wave (gen, e->entry_type);
    }
  e->booking_ref = dup_booking_ref (gen, g_date_get_year (&gen->event_date));

  if (!elite && chance (gen, 0.35))
    e->club = g_strdup (demo_clubs[pick_index (gen, G_N_ELEMENTS (demo_clubs))]);
  e->email = dup_email (gen, e->first_name, e->last_name);
  e->phone = dup_phone (gen);
  {
    const DemoRelation *relation = &demo_relations[pick_index (gen,
                                                              G_N_ELEMENTS (demo_relations))];
    gboolean female = relation->gender == SL_GENDER_UNKNOWN ? chance (gen, 0.5)
                                                            : relation->gender == SL_GENDER_FEMALE;
    const char *contact_first = pick_first_name (gen, origin, female);
    g_autofree char *contact_phone = dup_phone (gen);
    gboolean family = relation->gender != SL_GENDER_UNKNOWN;
    g_autofree char *contact_last = dup_surname_for (gen, origin,
                                                     family ? family_name
                                                            : pick_surname (gen, origin),
                                                     female ? SL_GENDER_FEMALE
                                                            : SL_GENDER_MALE);

    e->emergency_contact = g_strdup_printf ("%s %s (%s) %s", contact_first, contact_last,
                                            relation->name, contact_phone);
  }

  if (!elite)
    {
      double x = g_rand_double (gen->rand);
      if (x < 0.01)
        e->status = SL_STATUS_WITHDRAWN;
      else if (x < 0.025)
        e->status = SL_STATUS_DEFERRED;

      if (chance (gen, 0.012))
        {
          e->costume = g_strdup (demo_costumes[pick_index (gen, G_N_ELEMENTS (demo_costumes))]);
          if (chance (gen, 0.2))
            e->notes = g_strdup_printf ("Record attempt: fastest marathon in costume (%s)",
                                        e->costume);
        }
      if (chance (gen, 0.0006))
        {
          e->vip = TRUE;
          g_free (e->notes);
          e->notes = g_strdup (demo_vip_roles[pick_index (gen, G_N_ELEMENTS (demo_vip_roles))]);
        }

      /* Charity places always fundraise; about one in five others do
       * too, which brings the share of fundraisers to about 35%.
       */
      if (e->entry_type == SL_ENTRY_CHARITY || chance (gen, 0.17))
        {
          const DemoCharity *charity;
          gint64 pledge;

          person->charity = pick_charity (gen);
          charity = &demo_charities[person->charity];
          pledge = e->entry_type == SL_ENTRY_CHARITY ? (gint64)charity->pledge_pounds * 100
                                                     : 50000;
          person->target_pence = pledge + (gint64)pick_index (gen, 9) * 25000;
          person->raised_pence = person->target_pence * pick_index (gen, 131) / 100
                                 + pick_index (gen, 100);
        }
    }
}

/* ---- Filling the database ----------------------------------------------- */

static char *
dup_start_time_utc (GTimeZone     *tz,
                    const GDate   *date,
                    const DemoWave *wave)
{
  g_autoptr(GDateTime) local = g_date_time_new (tz, g_date_get_year (date),
                                                g_date_get_month (date),
                                                g_date_get_day (date),
                                                wave->hour, wave->minute, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
}

static gboolean
refuse_unless_empty (SlDb    *db,
                     GError **error)
{
  g_autoptr(GPtrArray) races = NULL;
  SlStats stats;

  if (!sl_db_get_stats (db, &stats, error)
      || !(races = sl_db_list_races (db, error)))
    return FALSE;

  if (stats.entrants > 0)
    {
      g_set_error (error, SL_DEMO_ERROR, SL_DEMO_ERROR_NOT_EMPTY,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s already has %lld entrant; demo data is only"
                                " added to an event with none",
                                "%s already has %lld entrants; demo data is only"
                                " added to an event with none", (gulong)stats.entrants),
                   sl_db_get_path (db), (long long)stats.entrants);
      return FALSE;
    }
  if (races->len > 0 || stats.charities > 0)
    {
      g_set_error (error, SL_DEMO_ERROR, SL_DEMO_ERROR_NOT_EMPTY,
                   _("%s already has races or charities of its own; demo data is only added"
                     " to an empty event"), sl_db_get_path (db));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_races_and_waves (SlDb        *db,
                        GTimeZone   *tz,
                        const GDate *date,
                        gint64      *race_ids,
                        gint64      *wave_ids,
                        GError     **error)
{
  for (guint r = 0; r < N_RACES; r++)
    {
      SlRace race = {
        .code = (char *)demo_races[r].code,
        .name = (char *)demo_races[r].name,
        .kind = (char *)demo_races[r].kind,
      };

      if (!sl_db_add_race_locked (db, &race, error))
        return FALSE;
      race_ids[r] = race.id;
    }

  for (guint w = 0; w < G_N_ELEMENTS (demo_waves); w++)
    {
      g_autofree char *start = dup_start_time_utc (tz, date, &demo_waves[w]);
      SlWave wave = {
        .race_id = race_ids[demo_waves[w].race],
        .name = (char *)demo_waves[w].name,
        .start_area = (char *)demo_waves[w].start_area,
        .start_time = start,
      };

      if (!sl_db_add_wave_locked (db, &wave, error))
        return FALSE;
      wave_ids[w] = wave.id;
    }
  return TRUE;
}

static gboolean
insert_charities (SlDb     *db,
                  guint     n,
                  gint64   *charity_ids,
                  GError  **error)
{
  guint weight_total = 0;

  for (guint c = 0; c < G_N_ELEMENTS (demo_charities); c++)
    weight_total += demo_charities[c].weight;

  for (guint c = 0; c < G_N_ELEMENTS (demo_charities); c++)
    {
      const DemoCharity *demo = &demo_charities[c];
      g_autofree char *slug = sl_fold (demo->name);
      g_autofree char *email = NULL;
      /* Contacts are invented from the British name lists, by position. */
      g_autofree char *contact = g_strdup_printf (
        "%s %s", demo_origins[0].female[c % g_strv_length ((char **)demo_origins[0].female)],
        demo_origins[0].surnames[(c * 7) % g_strv_length ((char **)demo_origins[0].surnames)]);
      /* The charity runners the demo generates for it, about. */
      gint64 runners = (gint64)n * 22 / 100 * demo->weight / weight_total;
      SlCharity charity = {
        .name = (char *)demo->name,
        .registered_number = (char *)demo->number,
        .contact_name = contact,
        /* Places a tenth over its runners; the second charity's a fifth
         * under them, so that one is over its allocation, as happens when
         * places are cut by last year's fill rate.
         */
        .places_allocated = c == 1 ? MAX (1, runners * 8 / 10)
                                   : 10 + runners * 11 / 10,
        .minimum_pledge_pence = (gint64)demo->pledge_pounds * 100,
        /* Bonds by position: golden, silver, none, again and again. */
        .bond = c % 3 == 0 ? SL_CHARITY_BOND_GOLDEN
                           : c % 3 == 1 ? SL_CHARITY_BOND_SILVER : SL_CHARITY_BOND_NONE,
      };

      g_strdelimit (slug, " ", '-');
      charity.contact_email = email = g_strdup_printf ("events@%s.example.org", slug);
      if (!sl_db_add_charity_locked (db, &charity, error))
        return FALSE;
      charity_ids[c] = charity.id;
    }
  return TRUE;
}

/* The sign-ups are audited all at once at the end (signups_audit_new). */
static gboolean
insert_signup (SlDb              *db,
               gint64             entrant_id,
               gint64             charity_id,
               const DemoPerson  *person,
               GError           **error)
{
  SlCharitySignup signup = {
    .entrant_id = entrant_id,
    .charity_id = charity_id,
    .target_pence = person->target_pence,
    .raised_pence = person->raised_pence,
  };

  return SL_STORE (db)->signup_put (db, &signup, error);
}

/* Who may have a need, guide or support (sl-demo-needs.c). */
static void
note_person (SlDemoPeople     *people,
             const DemoPerson *person)
{
  gint64 id = person->entrant->id;

  if (people->reserved == NULL)
    {
      people->reserved = g_array_new (FALSE, FALSE, sizeof (gint64));
      people->support = g_array_new (FALSE, FALSE, sizeof (gint64));
      people->wheelchair = g_array_new (FALSE, FALSE, sizeof (gint64));
      people->first_id = id;
    }
  people->last_id = id;
  if (person->entrant->entry_type == SL_ENTRY_RESERVED_DISABILITY)
    g_array_append_val (people->reserved, id);
  else if (person->entrant->entry_type == SL_ENTRY_SUPPORT_RUNNER)
    g_array_append_val (people->support, id);
  if (g_str_has_prefix (demo_races[person->race].kind, "wheelchair"))
    g_array_append_val (people->wheelchair, id);
}

static void
people_clear (SlDemoPeople *people)
{
  g_clear_pointer (&people->reserved, g_array_unref);
  g_clear_pointer (&people->support, g_array_unref);
  g_clear_pointer (&people->wheelchair, g_array_unref);
}

/* The audit summary: the event is generated data, and with which seed. */
static char *
dup_summary (guint   n_entrants,
             guint64 seed,
             guint   n_signups,
             guint   n_needs,
             guint   n_bookings)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_uint (&image, "entrants", n_entrants);
  sl_json_image_add_uint (&image, "seed", seed);
  sl_json_image_add_uint (&image, "charity_signups", n_signups);
  sl_json_image_add_uint (&image, "needs", n_needs);
  sl_json_image_add_uint (&image, "facility_bookings", n_bookings);
  return sl_json_image_end_to_string (&image);
}

typedef struct
{
  guint           n_entrants;
  guint64         seed;
  GCancellable   *cancellable;
  SlProgressFunc  progress;
  gpointer        progress_data;
} DemoJob;

/* In a write: the demo's races, waves, charities, entrants, needs and
 * facilities, and its summary entry. The caller commits or rolls back.
 */
static gboolean
generate_in_write (SlDb           *db,
                   const DemoJob  *job,
                   GError        **error)
{
  g_autoptr(SlEvent) event = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *now = NULL;
  gint64 race_ids[N_RACES];
  gint64 wave_ids[G_N_ELEMENTS (demo_waves)];
  gint64 charity_ids[G_N_ELEMENTS (demo_charities)];
  guint n_entrants = job->n_entrants;
  guint n_signups = 0;
  guint n_needs = 0;
  guint n_bookings = 0;
  SlDemoPeople people = { 0 };
  SlEntrantBulk *bulk = NULL;
  DemoGen gen;
  gboolean ok = FALSE;

  if (!(event = sl_db_dup_event (db, error)))
    return FALSE;
  tz = g_time_zone_new_identifier (event->timezone != NULL ? event->timezone : "Europe/London");
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  demo_gen_init (&gen, n_entrants, job->seed, event->date);

  if (!refuse_unless_empty (db, error)
      || !insert_races_and_waves (db, tz, &gen.event_date, race_ids, wave_ids, error)
      || !insert_charities (db, n_entrants, charity_ids, error)
      || !(bulk = sl_entrant_bulk_new_locked (db, error)))
    goto out;

  if (job->progress != NULL)
    job->progress (0.0, _("Generating demo entrants"), job->progress_data);

  for (guint i = 0; i < n_entrants; i++)
    {
      DemoPerson person;
      gboolean inserted;

      if (i % 1000 == 0 && i > 0)
        {
          if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
            goto out;
          if (job->progress != NULL)
            job->progress ((double)i / n_entrants, _("Generating demo entrants"),
                           job->progress_data);
        }

      demo_gen_person (&gen, i, &person);
      person.entrant->race_id = race_ids[person.race];
      person.entrant->wave_id = wave_ids[person.wave];

      /* Each entrant gets its own audit entry, like any other insert; the
       * generator makes bibs and references unique and waves of their
       * race, as the bulk insert asks (the schema still refuses a clash).
       */
      inserted = sl_entrant_bulk_insert_audited (bulk, person.entrant, error)
                 && (person.charity < 0
                     || insert_signup (db, person.entrant->id, charity_ids[person.charity],
                                       &person, error));
      if (inserted && person.charity >= 0)
        n_signups++;
      if (inserted)
        note_person (&people, &person);
      demo_person_clear (&person);
      if (!inserted)
        goto out;
    }

  if (g_cancellable_set_error_if_cancelled (job->cancellable, error)
      || !sl_entrant_bulk_finish (bulk, error))
    goto out;

  /* Each sign-up gets its entry too, all in one statement; the summary
   * says the event is generated data, and with which seed.
   */
  now = sl_db_now_utc ();
  if (!SL_STORE (db)->signups_audit_new (db, now, 0, error))
    goto out;
  if (!sl_demo_add_needs_locked (db, &people, job->seed, &n_needs, error)
      || !sl_demo_add_facilities_locked (db, &people, job->seed, &n_bookings, error))
    goto out;
  summary = dup_summary (n_entrants, job->seed, n_signups, n_needs, n_bookings);
  ok = sl_db_audit (db, "demo", "event", 1, NULL, summary, error);

out:
  sl_entrant_bulk_free (bulk);
  demo_gen_clear (&gen);
  people_clear (&people);
  return ok;
}

static gboolean
generate_write (SlDb     *db,
                gpointer  data,
                GError  **error)
{
  return generate_in_write (db, data, error);
}

gboolean
sl_db_generate_demo (SlDb            *db,
                     guint            n_entrants,
                     guint64          seed,
                     GCancellable    *cancellable,
                     SlProgressFunc   progress,
                     gpointer         progress_data,
                     GError         **error)
{
  DemoJob job = { n_entrants, seed, cancellable, progress, progress_data };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (n_entrants <= SL_DEMO_MAX_ENTRANTS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sl_db_run_write (db, generate_write, &job, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, _("Demo event ready"), progress_data);
  return TRUE;
}

/* ---- The CSV twin ------------------------------------------------------- */

static void
append_csv_field (GString    *out,
                  const char *value,
                  gboolean    last)
{
  if (value != NULL && value[strcspn (value, ",\"\r\n")] != '\0')
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (value != NULL)
    g_string_append (out, value);

  g_string_append (out, last ? "\r\n" : ",");
}

static const char *
gender_for_csv (SlGender gender)
{
  switch (gender)
    {
    case SL_GENDER_FEMALE:
      return "Female";
    case SL_GENDER_MALE:
      return "Male";
    case SL_GENDER_NON_BINARY:
      return "Non-binary";
    case SL_GENDER_UNKNOWN:
    default:
      return "";
    }
}

gboolean
sl_demo_write_csv (const char  *path,
                   guint        n_entrants,
                   guint64      seed,
                   GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (256 + (gsize)n_entrants * 200);
  g_autoptr(GError) local_error = NULL;
  DemoGen gen;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (n_entrants <= SL_DEMO_MAX_ENTRANTS, FALSE);

  demo_gen_init (&gen, n_entrants, seed, NULL);

  g_string_append (out, "Bib,Booking Ref,First name,Surname,DOB,Gender,Club,Country,Email,"
                        "Phone,Race,Wave,Charity\r\n");
  for (guint i = 0; i < n_entrants; i++)
    {
      DemoPerson person;
      SlEntrant *e;

      demo_gen_person (&gen, i, &person);
      e = person.entrant;
      append_csv_field (out, e->bib, FALSE);
      append_csv_field (out, e->booking_ref, FALSE);
      append_csv_field (out, e->first_name, FALSE);
      append_csv_field (out, e->last_name, FALSE);
      append_csv_field (out, e->date_of_birth, FALSE);
      append_csv_field (out, gender_for_csv (e->gender), FALSE);
      append_csv_field (out, e->club, FALSE);
      append_csv_field (out, e->nationality, FALSE);
      append_csv_field (out, e->email, FALSE);
      append_csv_field (out, e->phone, FALSE);
      append_csv_field (out, demo_races[person.race].name, FALSE);
      append_csv_field (out, demo_waves[person.wave].name, FALSE);
      append_csv_field (out, person.charity >= 0 ? demo_charities[person.charity].name : NULL,
                        TRUE);
      demo_person_clear (&person);
    }
  demo_gen_clear (&gen);

  /* Personal data: readable by the owner only, like the event files. */
  if (!g_file_set_contents_full (path, out->str, (gssize)out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SL_DEMO_ERROR, SL_DEMO_ERROR_WRITE,
                   _("Could not write %s: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

#define DEMO_OFFICER "Demo Officer"
#define DEMO_OFFICER_ROLES (SL_ROLE_OFFICER | SL_ROLE_ADMIN)

/* The demo officer's passphrase: the same seed gives the same one. */
static char *
dup_officer_passphrase (guint64 seed)
{
  static const char * const words[] = {
    "amber", "bridge", "canal", "docks", "embankment", "ferry", "greenwich", "harbour",
    "island", "jubilee", "kew", "lantern", "mall", "narrow", "orchard", "pier",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32)seed ^ 0x0ff1ce);
  GString *pass = g_string_new (NULL);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (pass, "%s%s", i ? "-" : "",
                            words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
  return g_string_free (pass, FALSE);
}

gboolean
sl_db_add_demo_officer (SlDb     *db,
                        guint64   seed,
                        char    **name,
                        char    **passphrase,
                        GError  **error)
{
  g_autofree char *pass = dup_officer_passphrase (seed);

  /* The demo's own refusal first (an event with entrants has its own
   * staff, too).
   */
  if (!refuse_unless_empty (db, error))
    return FALSE;
  /* Officer and admin: the first account of the event, which makes the
   * event's key pair and the officer's key slot (sl-staff.c).
   */
  if (!sl_db_add_staff (db, DEMO_OFFICER, DEMO_OFFICER_ROLES, pass, error))
    return FALSE;
  *name = g_strdup (DEMO_OFFICER);
  *passphrase = g_steal_pointer (&pass);
  return TRUE;
}

typedef struct
{
  const SlDemoEvent *event;
  DemoJob            job;
  const char        *passphrase;
} NewDemo;

/* In the write that makes the event: who acts, the officer, the demo. */
static gboolean
new_demo_fill (SlDb     *db,
               gpointer  data,
               GError  **error)
{
  NewDemo *demo = data;

  sl_db_set_actor (db, demo->event->operator_name, demo->event->desk);
  return sl_db_add_staff_locked (db, DEMO_OFFICER, DEMO_OFFICER_ROLES, demo->passphrase, error)
         && generate_in_write (db, &demo->job, error);
}

SlDb *
sl_db_create_demo (const char         *location,
                   const SlDemoEvent  *event,
                   GCancellable       *cancellable,
                   SlProgressFunc      progress,
                   gpointer            progress_data,
                   char              **name,
                   char              **passphrase,
                   GError            **error)
{
  g_autofree char *pass = dup_officer_passphrase (event->seed);
  NewDemo demo = { event, { event->n_entrants, event->seed, cancellable, progress,
                            progress_data }, pass };
  SlDb *db;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (event->n_entrants <= SL_DEMO_MAX_ENTRANTS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = sl_db_create_event_filled (location, event->event_name, event->event_date,
                                  new_demo_fill, &demo, error);
  if (db == NULL)
    return NULL;
  if (progress != NULL)
    progress (1.0, _("Demo event ready"), progress_data);
  *name = g_strdup (DEMO_OFFICER);
  *passphrase = g_steal_pointer (&pass);
  return db;
}
