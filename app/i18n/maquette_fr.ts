<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Analyses</name>
    <message>
        <location filename="../analyses.py" line="83"/>
        <source>Solar irradiation (kWh/m² per year)</source>
        <translation>Ensoleillement (kWh/m² par an)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="84"/>
        <source>Direct sun (kWh/m² per year)</source>
        <translation>Soleil direct (kWh/m² par an)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="85"/>
        <source>Sky view factor</source>
        <translation>Facteur de vue du ciel</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="86"/>
        <source>Sunlight hours (equinox day)</source>
        <translation>Heures de soleil (jour d’équinoxe)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="87"/>
        <source>Green roof suitability</source>
        <translation>Aptitude à la toiture végétalisée</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="88"/>
        <source>Urban agriculture suitability</source>
        <translation>Aptitude à l’agriculture urbaine</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="89"/>
        <source>Greenable wall area (m²)</source>
        <translation>Surface de façade végétalisable (m²)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="90"/>
        <source>Roofs good for both PV and a green roof</source>
        <translation>Toits favorables à la fois au PV et à la végétalisation</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="93"/>
        <source>Geothermal heat from the ground (kW)</source>
        <translation>Chaleur géothermique prélevée (kW)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="94"/>
        <source>Geothermal boreholes</source>
        <translation>Sondes géothermiques</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="95"/>
        <source>Geothermal heat delivered (MWh/year)</source>
        <translation>Chaleur géothermique fournie (MWh/an)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="96"/>
        <source>Distance to a geothermal heating plant (m)</source>
        <translation>Distance à une chaufferie géothermique (m)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="97"/>
        <source>Sun hours gained or lost with the project (h)</source>
        <translation>Heures de soleil gagnées ou perdues avec le projet (h)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="98"/>
        <source>Sun energy gained or lost with the project (kWh/m²)</source>
        <translation>Énergie solaire gagnée ou perdue avec le projet (kWh/m²)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="162"/>
        <source>Sunlight hours on %1, before → after</source>
        <extracomment>Days offered for the sunlight hours of the before / after comparison.</extracomment>
        <translation>Heures de soleil le %1, avant → après</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="164"/>
        <source>Sun energy on its faces, change with the project</source>
        <translation>Énergie solaire sur ses faces, variation avec le projet</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="228"/>
        <source>Clear-sky year (modelled, not measured weather)</source>
        <translation>Année de ciel clair (modélisée, pas une météo mesurée)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="228"/>
        <source>Weather file (EPW or PVGIS TMY)…</source>
        <translation>Fichier météo (EPW ou PVGIS TMY)…</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="238"/>
        <source>Solar irradiation</source>
        <translation>Ensoleillement</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="229"/>
        <source>Sun and sky from:</source>
        <translation>Soleil et ciel selon :</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="55"/>
        <source>walls and other faces</source>
        <extracomment>Face arrays the analyses add, with the colour map and value range of their overlay. Face arrays holding a share (0-1), shown in per cent: &quot;25 %&quot; reads better than &quot;0.25&quot;. Face arrays that are yes/no per roof face: shown as categories (roofs that qualify, other roofs, other faces), not on a 0-1 scale. The colours: the qualifying roofs, the other roofs, the rest.</extracomment>
        <translation>murs et autres faces</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="57"/>
        <source>roofs suited to a green roof</source>
        <translation>toitures aptes à la végétalisation</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="58"/>
        <source>other roofs (too steep or too small)</source>
        <translation>autres toitures (trop pentues ou trop petites)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="60"/>
        <source>roofs suited to urban agriculture</source>
        <translation>toitures aptes à l&apos;agriculture urbaine</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="61"/>
        <source>other roofs (too steep, too small or too little sun)</source>
        <translation>autres toitures (trop pentues, trop petites ou pas assez ensoleillées)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="62"/>
        <source>roofs good for both PV and a green roof</source>
        <translation>toitures favorables à la fois au photovoltaïque et à la végétalisation</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="63"/>
        <source>other roofs</source>
        <translation>autres toitures</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="74"/>
        <source>NDVI</source>
        <translation>NDVI</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="75"/>
        <source>Height above ground (m)</source>
        <translation>Hauteur au-dessus du sol (m)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="76"/>
        <source>Surface altitude (m)</source>
        <translation>Altitude de la surface (m)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="91"/>
        <source>Tree canopy within 20 m of the building (%)</source>
        <translation>Canopée dans un rayon de 20 m du bâtiment (%)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="92"/>
        <source>Geothermal share of the heat demand (%)</source>
        <translation>Part géothermique du besoin de chaleur (%)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="233"/>
        <source>Weather file</source>
        <translation>Fichier météo</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="233"/>
        <source>Weather (*.epw *.csv *.json)</source>
        <translation>Météo (*.epw *.csv *.json)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="246"/>
        <location filename="../analyses.py" line="264"/>
        <source>Project&apos;s effect on the neighbours&apos; sun</source>
        <translation>Effet du projet sur l&apos;ensoleillement des voisins</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="249"/>
        <source>There is no project model to compare with. Add one with File &gt; Add layer (IFC, glTF, OBJ…) and place it first.</source>
        <translation>Aucune maquette de projet à comparer. Ajoutez-en une avec Fichier &gt; Ajouter une couche (IFC, glTF, OBJ…) et placez-la d&apos;abord.</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="253"/>
        <source>Spring equinox (21 March)</source>
        <translation>Équinoxe de printemps (21 mars)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="254"/>
        <source>Winter solstice (21 December)</source>
        <translation>Solstice d&apos;hiver (21 décembre)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="255"/>
        <source>Summer solstice (21 June)</source>
        <translation>Solstice d&apos;été (21 juin)</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="256"/>
        <source>Sunlight hours on:</source>
        <translation>Heures de soleil le :</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="268"/>
        <source>Green roofs and walls</source>
        <translation>Toitures et façades végétalisables</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="275"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="300"/>
        <location filename="../analyses.py" line="437"/>
        <source>Analysis cancelled: nothing was changed.</source>
        <translation>Analyse annulée : rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="310"/>
        <source>Solar irradiation computed in %1 s.</source>
        <translation>Ensoleillement calculé en %1 s.</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="326"/>
        <source>%1 of %2 neighbouring buildings within %3 m have faces losing an hour of sun or more on that day; most: %4 (%5 m²).</source>
        <translation>%1 des %2 bâtiments voisins à moins de %3 m ont des faces qui perdent une heure de soleil ou plus ce jour-là ; le plus touché : %4 (%5 m²).</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="333"/>
        <source>None of the %1 neighbouring buildings within %2 m loses an hour of sun on that day.</source>
        <translation>Aucun des %1 bâtiments voisins à moins de %2 m ne perd une heure de soleil ce jour-là.</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="77"/>
        <source>Tree canopy cover (%) in 5 m squares</source>
        <translation>Canopée (%) par carrés de 5 m</translation>
    </message>
    <message>
        <location filename="../analyses.py" line="351"/>
        <source>Green roofs possible on %1 ha of roofs.</source>
        <translation>Toitures végétalisables possibles sur %1 ha.</translation>
    </message>
</context>
<context>
    <name>Consultation</name>
    <message>
        <location filename="../consultation.py" line="75"/>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="76"/>
        <source>Concern</source>
        <translation>Inquiétude</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="77"/>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="78"/>
        <source>Support</source>
        <translation>Soutien</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="88"/>
        <source>New comment</source>
        <translation>Nouvel avis</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="95"/>
        <source>What was said, in the participant&apos;s words</source>
        <translation>Ce qui a été dit, avec les mots du participant</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="96"/>
        <source>Author</source>
        <translation>Auteur</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="97"/>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="98"/>
        <source>Comment</source>
        <translation>Avis</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="203"/>
        <source>Save this view…</source>
        <translation>Enregistrer cette vue…</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="204"/>
        <location filename="../consultation.py" line="222"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="205"/>
        <location filename="../consultation.py" line="475"/>
        <source>Tours</source>
        <translation>Parcours</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="206"/>
        <source>The tour to play and to present</source>
        <translation>Le parcours à jouer et à présenter</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="207"/>
        <source>New tour…</source>
        <translation>Nouveau parcours…</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="208"/>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="209"/>
        <source>Delete tour</source>
        <translation>Supprimer le parcours</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="210"/>
        <source>Add view</source>
        <translation>Ajouter la vue</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="211"/>
        <source>Add the viewpoint selected above to the end of this tour</source>
        <translation>Ajouter le point de vue choisi ci-dessus à la fin de ce parcours</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="212"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="213"/>
        <source>Flight between views</source>
        <translation>Vol entre les vues</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="214"/>
        <location filename="../consultation.py" line="216"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="215"/>
        <source>Pause on each view</source>
        <translation>Pause sur chaque vue</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="217"/>
        <source>Play the tour</source>
        <translation>Lancer la visite</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="218"/>
        <source>Present (F5)</source>
        <translation>Présenter (F5)</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="219"/>
        <source>Comments</source>
        <translation>Avis</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="220"/>
        <source>Pin a comment…</source>
        <translation>Épingler un avis…</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="221"/>
        <source>Then click where the comment is about, in the 3D view</source>
        <translation>Puis cliquez, dans la vue 3D, à l&apos;endroit dont parle l&apos;avis</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="223"/>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="301"/>
        <source>&amp;Presentation mode</source>
        <translation>Mode &amp;présentation</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="302"/>
        <source>Next viewpoint</source>
        <translation>Point de vue suivant</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="303"/>
        <source>Previous viewpoint</source>
        <translation>Point de vue précédent</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="310"/>
        <source>View %1</source>
        <translation>Vue %1</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="311"/>
        <source>Save this view</source>
        <translation>Enregistrer cette vue</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="312"/>
        <source>Name shown to the audience:</source>
        <translation>Nom montré au public :</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="394"/>
        <source>Add at least two viewpoints to the tour %1 first.</source>
        <translation>Ajoutez d&apos;abord au moins deux points de vue au parcours %1.</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="396"/>
        <source>Tour</source>
        <translation>Visite</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="777"/>
        <source>All viewpoints, in order</source>
        <translation>Tous les points de vue, dans l&apos;ordre</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="393"/>
        <source>Save at least two viewpoints first.</source>
        <translation>Enregistrez d&apos;abord au moins deux points de vue.</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="202"/>
        <source>Viewpoints</source>
        <translation>Points de vue</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="465"/>
        <source>Tour %1</source>
        <translation>Parcours %1</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="466"/>
        <source>New tour</source>
        <translation>Nouveau parcours</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="467"/>
        <source>Name of the tour:</source>
        <translation>Nom du parcours :</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="479"/>
        <source>A tour needs a name.</source>
        <translation>Un parcours doit avoir un nom.</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="481"/>
        <source>There is already a tour called %1.</source>
        <translation>Il existe déjà un parcours nommé %1.</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="498"/>
        <source>Rename the tour</source>
        <translation>Renommer le parcours</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="499"/>
        <source>New name:</source>
        <translation>Nouveau nom :</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="644"/>
        <source>Click on the city (the ground or a building) to pin a comment.</source>
        <translation>Cliquez sur la ville (le sol ou un bâtiment) pour épingler un avis.</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="734"/>
        <source>Export the comments</source>
        <translation>Exporter les avis</translation>
    </message>
    <message>
        <location filename="../consultation.py" line="740"/>
        <source>Export failed</source>
        <translation>Échec de l&apos;export</translation>
    </message>
</context>
<context>
    <name>Geothermal</name>
    <message>
        <location filename="../geothermal_panel.py" line="49"/>
        <source>Borehole depth (m)</source>
        <translation>Profondeur des sondes (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="50"/>
        <source>Distance between boreholes (m)</source>
        <translation>Distance entre sondes (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="51"/>
        <source>Setback from parcel boundaries (m)</source>
        <translation>Recul par rapport aux limites de parcelle (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="52"/>
        <source>Clearance from buildings (m)</source>
        <translation>Distance aux bâtiments (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="53"/>
        <source>Ground around a building, without parcels (m)</source>
        <translation>Terrain autour d&apos;un bâtiment, sans parcelles (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="54"/>
        <source>Ground conductivity (W/m/K)</source>
        <translation>Conductivité du sol (W/m/K)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="55"/>
        <source>Full-load hours per year (h)</source>
        <translation>Heures de fonctionnement à pleine charge par an (h)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="56"/>
        <source>Heat pump COP</source>
        <translation>COP de la pompe à chaleur</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="57"/>
        <source>Default heat demand (kWh/m²/year)</source>
        <translation>Besoin de chaleur par défaut (kWh/m²/an)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="58"/>
        <source>Near a geothermal network within (m)</source>
        <translation>Proche d&apos;un réseau géothermique à moins de (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="59"/>
        <source>Energy piles: one per square of (m)</source>
        <translation>Pieux énergétiques : un par carré de (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="60"/>
        <source>Energy pile length (m)</source>
        <translation>Longueur d&apos;un pieu énergétique (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="61"/>
        <source>Energy pile heat extraction (W/m)</source>
        <translation>Extraction de chaleur d&apos;un pieu énergétique (W/m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="67"/>
        <source>At most 200 m: France&apos;s &apos;géothermie de minime importance&apos; regime for closed loops.</source>
        <translation>200 m au plus : régime de la géothermie de minime importance pour les boucles fermées.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="68"/>
        <source>VDI 4640 part 2: at least 6 m for boreholes deeper than 50 m (5 m for 40-50 m).</source>
        <translation>VDI 4640 partie 2 : au moins 6 m pour des sondes de plus de 50 m (5 m pour 40 à 50 m).</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="69"/>
        <source>Boreholes keep this distance from the parcel&apos;s boundaries.</source>
        <translation>Les sondes restent à cette distance des limites de la parcelle.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="70"/>
        <source>Boreholes keep this distance from every building.</source>
        <translation>Les sondes restent à cette distance de tout bâtiment.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="71"/>
        <source>When no parcels are loaded, a building&apos;s boreholes lie within this distance of it.</source>
        <translation>Sans parcelles chargées, les sondes d&apos;un bâtiment sont à moins de cette distance de lui.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="72"/>
        <source>Used where no conductivity raster is loaded. About 2 W/m/K for the Paris basin&apos;s sediments (BRGM).</source>
        <translation>Utilisée là où aucun raster de conductivité n&apos;est chargé. Environ 2 W/m/K pour les sédiments du bassin parisien (BRGM).</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="73"/>
        <source>1800 h for heating only, 2400 h with hot water (VDI 4640 table 2).</source>
        <translation>1800 h pour le chauffage seul, 2400 h avec l&apos;eau chaude sanitaire (VDI 4640, tableau 2).</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="74"/>
        <source>Seasonal coefficient of performance: heat delivered = ground heat x COP / (COP - 1).</source>
        <translation>Coefficient de performance saisonnier : chaleur fournie = chaleur du sol x COP / (COP - 1).</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="75"/>
        <source>For buildings with neither a DPE class nor a construction year.</source>
        <translation>Pour les bâtiments sans classe DPE ni année de construction.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="76"/>
        <source>Buildings this close to a geothermal heating plant are flagged.</source>
        <translation>Les bâtiments aussi proches d&apos;une chaufferie géothermique sont signalés.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="77"/>
        <source>Pile density under a project model: one pile per square of this side.</source>
        <translation>Densité de pieux sous un modèle de projet : un pieu par carré de ce côté.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="78"/>
        <source>Length of each energy pile (foundation depth).</source>
        <translation>Longueur de chaque pieu énergétique (profondeur des fondations).</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="79"/>
        <source>SIA D 0190: 20 to 40 W per metre of energy pile; 30 W/m by default.</source>
        <translation>SIA D 0190 : 20 à 40 W par mètre de pieu énergétique ; 30 W/m par défaut.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="205"/>
        <source>Boreholes</source>
        <translation>Sondes</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="206"/>
        <source>Heat from the ground</source>
        <translation>Chaleur prélevée dans le sol</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="207"/>
        <source>Heat delivered</source>
        <translation>Chaleur fournie</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="207"/>
        <location filename="../geothermal_panel.py" line="208"/>
        <source>%1 GWh/year</source>
        <translation>%1 GWh/an</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="208"/>
        <source>Heat demand</source>
        <translation>Besoin de chaleur</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="209"/>
        <source>Buildings covered at 50 %</source>
        <translation>Bâtiments couverts à 50 %</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="210"/>
        <source>Buildings covered at 100 %</source>
        <translation>Bâtiments couverts à 100 %</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="211"/>
        <source>Above 500 kW (full permit)</source>
        <translation>Au-delà de 500 kW (autorisation complète)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="214"/>
        <source>Near a geothermal network</source>
        <translation>Proches d&apos;un réseau géothermique</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="219"/>
        <source>%1: %2 buildings, %3 % of the heat demand, covered at 50 %: %4, at 100 %: %5</source>
        <translation>%1 : %2 bâtiments, %3 % du besoin de chaleur, couverts à 50 % : %4, à 100 % : %5</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="236"/>
        <source>Compute</source>
        <translation>Calculer</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="237"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="238"/>
        <source>Method: closed-loop boreholes on each building&apos;s free ground (its parcel, or the ground around it), on a square grid; heat extraction per metre after VDI 4640 part 2 (2001), from ground conductivity and operating hours; heat delivered by a heat pump = ground heat x COP / (COP - 1); heat demand = floor area x a demand by DPE class, construction period or the default. Above 500 kW or 200 m a borehole field leaves France&apos;s &apos;minime importance&apos; regime. Screening figures: a real project needs a thermal response test and a design.</source>
        <translation>Méthode : sondes verticales en boucle fermée sur le terrain libre de chaque bâtiment (sa parcelle, ou le terrain qui l&apos;entoure), en maille carrée ; puissance d&apos;extraction par mètre selon la VDI 4640 partie 2 (2001), d&apos;après la conductivité du sol et les heures de fonctionnement ; chaleur fournie par une pompe à chaleur = chaleur du sol x COP / (COP - 1) ; besoin de chaleur = surface de plancher x un besoin selon la classe DPE, la période de construction ou la valeur par défaut. Au-delà de 500 kW ou de 200 m, un champ de sondes sort du régime de la géothermie de minime importance. Chiffres de pré-étude : un projet réel demande un test de réponse thermique et un dimensionnement.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="245"/>
        <source>Energy piles go only under imported project models whose footprint centre lies in one of the city&apos;s redevelopment zones.</source>
        <translation>Les pieux énergétiques ne vont que sous les modèles de projet importés dont le centre de l&apos;emprise est dans l&apos;une des zones d&apos;aménagement de la ville.</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="261"/>
        <source>boreholes %1 m deep, %2 m apart; %3 W/m (VDI 4640-2, lambda %4 W/m/K (stated default), %5 h/year); heat pump COP %6</source>
        <translation>sondes de %1 m de profondeur, espacées de %2 m ; %3 W/m (VDI 4640-2, lambda %4 W/m/K (valeur par défaut indiquée), %5 h/an) ; pompe à chaleur de COP %6</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="262"/>
        <source>boreholes %1 m deep, %2 m apart; %3 W/m (VDI 4640-2, lambda from the raster at %4 of %5 boreholes, %6 W/m/K elsewhere, %7 h/year); heat pump COP %8</source>
        <translation>sondes de %1 m de profondeur, espacées de %2 m ; %3 W/m (VDI 4640-2, lambda du raster pour %4 sondes sur %5, %6 W/m/K ailleurs, %7 h/an) ; pompe à chaleur de COP %8</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="263"/>
        <source>free ground: %1 parcels, %2 m from their boundaries, %3 m from buildings</source>
        <translation>terrain libre : %1 parcelles, à %2 m de leurs limites, à %3 m des bâtiments</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="264"/>
        <source>free ground: within %1 m of each building (no parcels loaded), %2 m from buildings</source>
        <translation>terrain libre : à moins de %1 m de chaque bâtiment (aucune parcelle chargée), à %2 m des bâtiments</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="265"/>
        <source>free ground: within %1 m of each building (no parcels loaded), on courtyards, parks and plazas only, %2 m from buildings</source>
        <translation>terrain libre : à moins de %1 m de chaque bâtiment (aucune parcelle chargée), dans les cours, parcs et places seulement, à %2 m des bâtiments</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="266"/>
        <source>heat demand of %1 buildings from their DPE class, %2 from their construction period, %4 from the default %3 kWh/m²/year; storeys from the height / %5 m for %6</source>
        <translation>besoin de chaleur de %1 bâtiments d&apos;après leur classe DPE, %2 d&apos;après leur période de construction, %4 d&apos;après la valeur par défaut de %3 kWh/m²/an ; étages d&apos;après la hauteur / %5 m pour %6</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="267"/>
        <source>%1 invalid parcels repaired</source>
        <translation>%1 parcelles invalides réparées</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="268"/>
        <source>%1 parcel overlaps given to the parcel read first</source>
        <translation>%1 chevauchements de parcelles attribués à la parcelle lue en premier</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="269"/>
        <source>%1 boreholes possible on parcels without a building, not counted</source>
        <translation>%1 sondes possibles sur des parcelles sans bâtiment, non comptées</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="270"/>
        <source>%1 buildings on no loaded parcel</source>
        <translation>%1 bâtiments sur aucune parcelle chargée</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="271"/>
        <source>%1 buildings without free ground for a borehole</source>
        <translation>%1 bâtiments sans terrain libre pour une sonde</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="272"/>
        <source>%1 buildings above %2 kW: beyond the &apos;géothermie de minime importance&apos; regime, a full permit is needed</source>
        <translation>%1 bâtiments au-delà de %2 kW : hors du régime de la géothermie de minime importance, une autorisation complète est nécessaire</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="273"/>
        <source>%1 geothermal heating plants; %2 buildings within %3 m of one</source>
        <translation>%1 chaufferies géothermiques ; %2 bâtiments à moins de %3 m de l&apos;une d&apos;elles</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="274"/>
        <source>energy piles under %1 project models whose footprint centre lies in a redevelopment zone: one per %2 m square of footprint, %3 m long, %4 W/m</source>
        <translation>pieux énergétiques sous %1 modèles de projet dont le centre de l&apos;emprise est dans une zone d&apos;aménagement : un par carré de %2 m d&apos;emprise, %3 m de long, %4 W/m</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="275"/>
        <source>%1 project models outside every redevelopment zone: no energy piles</source>
        <translation>%1 modèles de projet hors de toute zone d&apos;aménagement : pas de pieux énergétiques</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="276"/>
        <source>borehole depth %1 m: must be over 0 and at most %2 m (géothermie de minime importance)</source>
        <translation>profondeur des sondes %1 m : doit être supérieure à 0 et d&apos;au plus %2 m (géothermie de minime importance)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="277"/>
        <source>borehole spacing %1 m: VDI 4640 asks at least %2 m for %3 m boreholes</source>
        <translation>espacement des sondes %1 m : la VDI 4640 demande au moins %2 m pour des sondes de %3 m</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="278"/>
        <source>the setback from parcel boundaries cannot be negative</source>
        <translation>le retrait par rapport aux limites des parcelles ne peut pas être négatif</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="279"/>
        <source>the clearance from buildings cannot be negative</source>
        <translation>la distance aux bâtiments ne peut pas être négative</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="280"/>
        <source>the ground buffer around buildings must be over 0 m</source>
        <translation>le terrain pris autour des bâtiments doit dépasser 0 m</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="281"/>
        <source>ground conductivity %1 W/m/K: expected 0.2 to 10</source>
        <translation>conductivité du sol %1 W/m/K : attendue entre 0,2 et 10</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="282"/>
        <source>operating hours %1 h/year: expected 500 to 8760</source>
        <translation>heures de fonctionnement %1 h/an : attendues entre 500 et 8760</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="283"/>
        <source>heat pump COP %1: must be over 1</source>
        <translation>COP de la pompe à chaleur %1 : doit être supérieur à 1</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="284"/>
        <source>storey height must be over 1 m</source>
        <translation>la hauteur d&apos;étage doit dépasser 1 m</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="285"/>
        <source>the default heat demand must be over 0 kWh/m²/year</source>
        <translation>le besoin de chaleur par défaut doit dépasser 0 kWh/m²/an</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="286"/>
        <source>the network distance cannot be negative</source>
        <translation>la distance au réseau ne peut pas être négative</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="287"/>
        <source>energy piles: spacing, length and W/m must be positive</source>
        <translation>pieux énergétiques : l&apos;espacement, la longueur et les W/m doivent être positifs</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="306"/>
        <source>footprints</source>
        <translation>emprises</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="307"/>
        <source>free ground</source>
        <translation>terrain libre</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="308"/>
        <source>borehole grid</source>
        <translation>grille de sondes</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="309"/>
        <source>clearance from buildings</source>
        <translation>distance aux bâtiments</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="310"/>
        <source>boreholes to buildings</source>
        <translation>attribution des sondes aux bâtiments</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="311"/>
        <source>heat extraction</source>
        <translation>extraction de chaleur</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="312"/>
        <source>heat demand</source>
        <translation>besoin de chaleur</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="313"/>
        <source>heating networks</source>
        <translation>réseaux de chaleur</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="314"/>
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="319"/>
        <source>DPE class</source>
        <translation>classe DPE</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="320"/>
        <source>construction period</source>
        <translation>période de construction</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="321"/>
        <source>default</source>
        <translation>valeur par défaut</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="326"/>
        <source>no free ground for a borehole (fully built, or within the setbacks)</source>
        <translation>pas de terrain libre pour une sonde (entièrement bâti, ou dans les reculs)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="327"/>
        <source>on no loaded parcel</source>
        <translation>sur aucune parcelle chargée</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="328"/>
        <source>no footprint (no ground or roof faces)</source>
        <translation>pas d&apos;emprise (ni sol ni toit)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="337"/>
        <source>Geothermal: boreholes</source>
        <translation>Géothermie : sondes</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="338"/>
        <source>Geothermal: heat from the ground (kW)</source>
        <translation>Géothermie : chaleur prélevée (kW)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="339"/>
        <source>Geothermal: heat delivered (MWh/year)</source>
        <translation>Géothermie : chaleur fournie (MWh/an)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="340"/>
        <source>Heat demand (MWh/year)</source>
        <translation>Besoin de chaleur (MWh/an)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="341"/>
        <source>Geothermal: share of the heat demand</source>
        <translation>Géothermie : part du besoin de chaleur</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="343"/>
        <source>Heat demand from</source>
        <translation>Besoin de chaleur d&apos;après</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="348"/>
        <source>Geothermal: why none</source>
        <translation>Géothermie : pourquoi aucune sonde</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="350"/>
        <source>Geothermal: permit</source>
        <translation>Géothermie : autorisation</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="350"/>
        <source>above 500 kW: full permit needed</source>
        <translation>au-delà de 500 kW : autorisation complète nécessaire</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="352"/>
        <source>Nearest geothermal heating plant (m)</source>
        <translation>Chaufferie géothermique la plus proche (m)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="354"/>
        <location filename="../geothermal_panel.py" line="356"/>
        <source>Energy piles (kW)</source>
        <translation>Pieux énergétiques (kW)</translation>
    </message>
    <message>
        <location filename="../geothermal_panel.py" line="357"/>
        <source>none: the project model is outside every redevelopment zone</source>
        <translation>aucun : le modèle de projet est hors de toute zone d&apos;aménagement</translation>
    </message>
</context>
<context>
    <name>LayerProperties</name>
    <message>
        <location filename="../layer_properties.py" line="37"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="38"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="39"/>
        <source>Working CRS</source>
        <translation>SCR de travail</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="40"/>
        <source>Source CRS</source>
        <translation>SCR de la source</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="41"/>
        <source>X min (m)</source>
        <translation>X min (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="42"/>
        <source>Y min (m)</source>
        <translation>Y min (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="43"/>
        <source>X max (m)</source>
        <translation>X max (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="44"/>
        <source>Y max (m)</source>
        <translation>Y max (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="45"/>
        <source>Altitudes (m)</source>
        <translation>Altitudes (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="46"/>
        <source>Buildings</source>
        <translation>Bâtiments</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="47"/>
        <source>Triangles</source>
        <translation>Triangles</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="48"/>
        <source>Vertices</source>
        <translation>Sommets</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="49"/>
        <source>Attributes</source>
        <translation>Attributs</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="50"/>
        <source>Analysis results</source>
        <translation>Résultats d’analyse</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="51"/>
        <source>Terrain grid (cells)</source>
        <translation>Grille du terrain (cellules)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="52"/>
        <source>Terrain cell size (m)</source>
        <translation>Taille des cellules du terrain (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="53"/>
        <source>Terrain source grid (cells)</source>
        <translation>Grille source du terrain (cellules)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="54"/>
        <source>Terrain simplification error, max / RMS (m)</source>
        <translation>Erreur de simplification du terrain, max / RMS (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="56"/>
        <source>Vertical datum</source>
        <translation>Référence altimétrique</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="57"/>
        <source>Ground patches</source>
        <translation>Surfaces au sol</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="58"/>
        <source>Trees</source>
        <translation>Arbres</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="59"/>
        <source>Tree heights (m)</source>
        <translation>Hauteurs des arbres (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="60"/>
        <source>Distinct species</source>
        <translation>Espèces distinctes</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="61"/>
        <source>Inventory rows read</source>
        <translation>Lignes lues dans l&apos;inventaire</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="62"/>
        <source>Heights as recorded</source>
        <translation>Hauteurs telles qu&apos;inventoriées</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="64"/>
        <source>Heights from the development stage (young 5 m, young adult 8 m, adult 12 m, mature 18 m)</source>
        <translation>Hauteurs d&apos;après le stade de développement (jeune 5 m, jeune adulte 8 m, adulte 12 m, mature 18 m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="66"/>
        <source>Heights typical of the trunk (16 d^0.6 m)</source>
        <translation>Hauteurs typiques du tronc (16 d^0,6 m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="68"/>
        <source>Heights by default (8 m)</source>
        <translation>Hauteurs par défaut (8 m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="69"/>
        <source>Implausible heights, drawn by the rule</source>
        <translation>Hauteurs invraisemblables, dessinées selon la règle</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="71"/>
        <source>Trunks from the circumference (else 2.5 % of the height)</source>
        <translation>Troncs d&apos;après la circonférence (sinon 2,5 % de la hauteur)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="73"/>
        <source>Rows skipped: no position</source>
        <translation>Lignes ignorées : sans position</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="74"/>
        <source>Rows skipped: position not a number</source>
        <translation>Lignes ignorées : position non numérique</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="76"/>
        <source>Rows skipped: height or circumference not a number</source>
        <translation>Lignes ignorées : hauteur ou circonférence non numérique</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="78"/>
        <source>Rows skipped: outside Île-de-France</source>
        <translation>Lignes ignorées : hors d&apos;Île-de-France</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="80"/>
        <source>Rows skipped</source>
        <translation>Lignes ignorées</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="81"/>
        <source>Zones</source>
        <translation>Zones</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="82"/>
        <source>Parcels</source>
        <translation>Parcelles</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="83"/>
        <source>Sites</source>
        <translation>Sites</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="84"/>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="85"/>
        <source>Point cloud</source>
        <translation>Nuage de points</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="86"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="87"/>
        <source>Points per class</source>
        <translation>Points par classe</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="88"/>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="89"/>
        <source>Raster</source>
        <translation>Raster</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="90"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="91"/>
        <source>Size (cells)</source>
        <translation>Taille (cellules)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="92"/>
        <source>Cell size (m)</source>
        <translation>Taille des cellules (m)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="93"/>
        <source>Values</source>
        <translation>Valeurs</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="94"/>
        <source>No-data cells</source>
        <translation>Cellules sans donnée</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="95"/>
        <source>Read window</source>
        <translation>Fenêtre lue</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="96"/>
        <source>Memory (MB)</source>
        <translation>Mémoire (Mo)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="193"/>
        <source>Properties of the layer %1</source>
        <translation>Propriétés de la couche %1</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="205"/>
        <source>Layer:</source>
        <translation>Couche :</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="206"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="208"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="209"/>
        <source>Copy the properties as text (tab-separated)</source>
        <translation>Copier les propriétés en texte (séparé par des tabulations)</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="211"/>
        <source>Property</source>
        <translation>Propriété</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="211"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
</context>
<context>
    <name>Logbook</name>
    <message>
        <location filename="../logbook_format.py" line="49"/>
        <source>en</source>
        <comment>language code of the field catalogue labels</comment>
        <translation>fr</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="62"/>
        <source>Next inspection due</source>
        <translation>Prochaine échéance de contrôle</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="81"/>
        <source>kWh/m²/year</source>
        <translation>kWh/m²/an</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="82"/>
        <source>kgCO2eq/m²/year</source>
        <translation>kgCO2éq/m²/an</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="84"/>
        <location filename="../logbook_format.py" line="147"/>
        <source>bytes</source>
        <translation>octets</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="129"/>
        <location filename="../logbook_overlay.py" line="152"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="129"/>
        <location filename="../logbook_overlay.py" line="152"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="149"/>
        <source>KB</source>
        <translation>Ko</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="150"/>
        <source>MB</source>
        <translation>Mo</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="154"/>
        <source>set</source>
        <translation>saisie</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="154"/>
        <source>correction</source>
        <translation>correction</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="154"/>
        <source>cleared</source>
        <translation>effacement</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="167"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="189"/>
        <source>by %1</source>
        <translation>par %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="198"/>
        <source>next due %1</source>
        <translation>prochaine échéance %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="220"/>
        <source>Recorded by %1 on %2</source>
        <translation>Enregistré par %1 le %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="222"/>
        <source>Revision %1</source>
        <translation>Révision %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="224"/>
        <source>Generated sample data, not surveyed</source>
        <translation>Données d&apos;exemple générées, non relevées</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="287"/>
        <source>%1: last %2, no next date recorded</source>
        <translation>%1 : dernier le %2, aucune échéance enregistrée</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="289"/>
        <source>%1: OVERDUE since %2</source>
        <translation>%1 : EN RETARD depuis le %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="290"/>
        <source>%1: due %2</source>
        <translation>%1 : échéance le %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="296"/>
        <source>This building has no logbook entries yet.</source>
        <translation>Ce bâtiment n&apos;a encore aucune entrée dans son carnet.</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="311"/>
        <source>expired</source>
        <translation>expiré</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="316"/>
        <source>No energy performance diagnosis (DPE) recorded.</source>
        <translation>Aucun diagnostic de performance énergétique (DPE) enregistré.</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="328"/>
        <source>No inspection recorded.</source>
        <translation>Aucun contrôle enregistré.</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="330"/>
        <source>Next inspections</source>
        <translation>Prochains contrôles</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="336"/>
        <source>Timeline: %1</source>
        <translation>Chronologie : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="338"/>
        <source>Last change %1 by %2</source>
        <translation>Dernière modification le %1 par %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="346"/>
        <source>Generated sample data: plausible values, not surveyed. Do not use for decisions.</source>
        <translation>Données d&apos;exemple générées : valeurs plausibles, non relevées. Ne pas utiliser pour décider.</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="354"/>
        <source>(cleared)</source>
        <translation>(effacée)</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="57"/>
        <source>no value recorded</source>
        <translation>aucune valeur enregistrée</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="122"/>
        <location filename="../logbook_panel.py" line="587"/>
        <source>overdue</source>
        <translation>en retard</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="123"/>
        <source>due within 3 months</source>
        <translation>échéance sous 3 mois</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="124"/>
        <source>due within a year</source>
        <translation>échéance sous un an</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="125"/>
        <source>due later</source>
        <translation>échéance plus lointaine</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="179"/>
        <source>does not match</source>
        <translation>ne correspond pas</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="180"/>
        <source>matches: %1</source>
        <translation>correspondent : %1</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="182"/>
        <source>Filter: %1</source>
        <translation>Filtre : %1</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="208"/>
        <source>Logbook filter (matches in magenta)</source>
        <translation>Filtre du carnet (correspondances en magenta)</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="210"/>
        <source>Logbook: %1</source>
        <translation>Carnet : %1</translation>
    </message>
</context>
<context>
    <name>LogbookDock</name>
    <message>
        <location filename="../logbook_dock.py" line="158"/>
        <location filename="../logbook_dock.py" line="169"/>
        <source>Cannot open the logbook: %1</source>
        <translation>Impossible d&apos;ouvrir le carnet : %1</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="201"/>
        <source>Generating the sample logbook of the demo district (a few seconds)…</source>
        <translation>Génération du carnet d&apos;exemple du quartier de démonstration (quelques secondes)…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="230"/>
        <source>The sample logbook could not be generated: %1</source>
        <translation>Le carnet d&apos;exemple n&apos;a pas pu être généré : %1</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="297"/>
        <source>Cannot colour the city by the logbook: %1</source>
        <translation>Impossible de colorer la ville selon le carnet : %1</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="356"/>
        <source>New logbook</source>
        <translation>Nouveau carnet</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="358"/>
        <source>Logbook (*.sqlite)</source>
        <translation>Carnet (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="369"/>
        <source>Open a logbook</source>
        <translation>Ouvrir un carnet</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="371"/>
        <source>Logbook (*.sqlite *.db)</source>
        <translation>Carnet (*.sqlite *.db)</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="390"/>
        <source>Cannot switch to editing: %1</source>
        <translation>Impossible de passer en modification : %1</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="391"/>
        <source>Cannot switch to viewing: %1</source>
        <translation>Impossible de passer en consultation : %1</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="405"/>
        <source>Import into the logbook</source>
        <translation>Importer dans le carnet</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="412"/>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="431"/>
        <source>Export the logbook</source>
        <translation>Exporter le carnet</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="438"/>
        <source>Export failed</source>
        <translation>Échec de l&apos;export</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="441"/>
        <source>%1 buildings exported to %2</source>
        <translation>%1 bâtiments exportés dans %2</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="444"/>
        <source>Logbook</source>
        <translation>Carnet numérique</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="445"/>
        <source>&amp;New logbook for this city…</source>
        <translation>&amp;Nouveau carnet pour cette ville…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="446"/>
        <source>&amp;Open a logbook…</source>
        <translation>&amp;Ouvrir un carnet…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="447"/>
        <source>Open a logbook &amp;read-only…</source>
        <translation>Ouvrir un carnet en &amp;lecture seule…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="448"/>
        <source>&amp;Editing (building manager)</source>
        <translation>&amp;Modification (gestionnaire)</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="449"/>
        <source>Off: view only. On: changes are recorded with your name, the time and a reason.</source>
        <translation>Désactivé : consultation seule. Activé : les modifications sont enregistrées avec votre nom, l&apos;heure et un motif.</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="451"/>
        <source>Import &amp;CSV…</source>
        <translation>Importer un &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="452"/>
        <source>Import &amp;JSON…</source>
        <translation>Importer un &amp;JSON…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="453"/>
        <source>Export C&amp;SV…</source>
        <translation>Exporter en C&amp;SV…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="454"/>
        <source>Export JS&amp;ON…</source>
        <translation>Exporter en JS&amp;ON…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="455"/>
        <source>Logbook &amp;filter and colours…</source>
        <translation>&amp;Filtre et couleurs du carnet…</translation>
    </message>
    <message>
        <location filename="../logbook_dock.py" line="457"/>
        <source>Find buildings by their logbook and colour the city by a logbook field</source>
        <translation>Trouver des bâtiments par leur carnet et colorer la ville selon un champ du carnet</translation>
    </message>
</context>
<context>
    <name>LogbookFilter</name>
    <message>
        <location filename="../logbook_filter.py" line="160"/>
        <source>No logbook is open.</source>
        <translation>Aucun carnet n&apos;est ouvert.</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="185"/>
        <source>Type or choose a value for the condition.</source>
        <translation>Saisissez ou choisissez une valeur pour la condition.</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="202"/>
        <source>Type a filter, choose a ready-made one or build one below.</source>
        <translation>Saisissez un filtre, choisissez-en un tout prêt ou construisez-le ci-dessous.</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="207"/>
        <source>This filter cannot be read: %1</source>
        <translation>Ce filtre est illisible : %1</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="216"/>
        <source>%1 of %2 buildings match; they are highlighted in magenta in the 3D view.</source>
        <translation>%1 bâtiments sur %2 correspondent ; ils sont surlignés en magenta dans la vue 3D.</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="224"/>
        <source>… and %1 more</source>
        <translation>… et %1 de plus</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="259"/>
        <source>Logbook: filter and colour the city</source>
        <translation>Carnet : filtrer et colorer la ville</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="260"/>
        <source>Find buildings</source>
        <translation>Trouver des bâtiments</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="261"/>
        <source>Colour the city by a logbook field</source>
        <translation>Colorer la ville selon un champ du carnet</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="262"/>
        <source>Filter (fields, and / or / not, in (…), inspection_overdue()):</source>
        <translation>Filtre (champs, and / or / not, in (…), inspection_overdue()) :</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="264"/>
        <source>Or build it, one condition at a time:</source>
        <translation>Ou construisez-le, une condition à la fois :</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="265"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="266"/>
        <source>Add this condition to the filter with “and”</source>
        <translation>Ajouter cette condition au filtre avec « and »</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="267"/>
        <source>Find and highlight</source>
        <translation>Trouver et surligner</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="268"/>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="269"/>
        <source>Back to the natural colours</source>
        <translation>Revenir aux couleurs naturelles</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="270"/>
        <source>Colour</source>
        <translation>Colorer</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="271"/>
        <source>Double-click a building to select it and open its logbook</source>
        <translation>Double-cliquez sur un bâtiment pour le sélectionner et ouvrir son carnet</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="273"/>
        <source>DPE F or G, built before 1948</source>
        <translation>DPE F ou G, construits avant 1948</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="274"/>
        <source>An inspection is overdue</source>
        <translation>Un contrôle est en retard</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="275"/>
        <source>Energy sieves: DPE F or G</source>
        <translation>Passoires énergétiques : DPE F ou G</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="276"/>
        <source>DPE expired</source>
        <translation>DPE expiré</translation>
    </message>
    <message>
        <location filename="../logbook_filter.py" line="280"/>
        <source>Ready-made filters…</source>
        <translation>Filtres tout prêts…</translation>
    </message>
</context>
<context>
    <name>LogbookMessages</name>
    <message>
        <location filename="../logbook_format.py" line="369"/>
        <source>is empty; clear the field instead</source>
        <translation>est vide ; effacez plutôt le champ</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="370"/>
        <source>is below the minimum %1 %2</source>
        <translation>est sous le minimum de %1 %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="371"/>
        <source>is above the maximum %1 %2</source>
        <translation>dépasse le maximum de %1 %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="372"/>
        <source>is yes/no, expected a whole number</source>
        <translation>est un oui/non, un nombre entier est attendu</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="373"/>
        <source>is not a whole number</source>
        <translation>n&apos;est pas un nombre entier</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="374"/>
        <source>is of type %1, expected a whole number</source>
        <translation>est de type %1, un nombre entier est attendu</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="375"/>
        <source>is yes/no, expected a number</source>
        <translation>est un oui/non, un nombre est attendu</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="376"/>
        <source>is not a number</source>
        <translation>n&apos;est pas un nombre</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="377"/>
        <source>is of type %1, expected a number</source>
        <translation>est de type %1, un nombre est attendu</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="378"/>
        <source>is not a finite number</source>
        <translation>n&apos;est pas un nombre fini</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="379"/>
        <source>is not a date YYYY-MM-DD</source>
        <translation>n&apos;est pas une date AAAA-MM-JJ</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="380"/>
        <source>is of type %1, expected a date YYYY-MM-DD</source>
        <translation>est de type %1, une date AAAA-MM-JJ est attendue</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="381"/>
        <source>is before %1</source>
        <translation>précède le %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="382"/>
        <source>is after %1</source>
        <translation>suit le %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="383"/>
        <source>is not yes/no (true/false, oui/non, 1/0)</source>
        <translation>n&apos;est pas un oui/non (oui/non, vrai/faux, true/false, 1/0)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="384"/>
        <source>is not one of %1</source>
        <translation>ne fait pas partie des valeurs %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="385"/>
        <source>is of type %1, expected text</source>
        <translation>est de type %1, un texte est attendu</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="386"/>
        <source>is empty</source>
        <translation>est vide</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="387"/>
        <source>is longer than %1 characters</source>
        <translation>dépasse %1 caractères</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="388"/>
        <source>contains control characters</source>
        <translation>contient des caractères de contrôle</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="389"/>
        <source>does not have the expected form (%1)</source>
        <translation>n&apos;a pas la forme attendue (%1)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="390"/>
        <source>is for an unknown field</source>
        <translation>concerne un champ inconnu</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="391"/>
        <source>is not a kind of entry (%1)</source>
        <translation>n&apos;est pas un type d&apos;entrée (%1)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="392"/>
        <source>is not a field of “%1” entries</source>
        <translation>n&apos;est pas un champ des entrées « %1 »</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="393"/>
        <source>is required for a “%1” entry</source>
        <translation>est obligatoire pour une entrée « %1 »</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="394"/>
        <source>is before the start date %1</source>
        <translation>précède la date de début %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="395"/>
        <source>is before the inspection date %1</source>
        <translation>précède la date du contrôle %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="396"/>
        <source>is not an ISO date and time</source>
        <translation>n&apos;est pas une date et heure ISO</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="397"/>
        <source>is not a building id (non-empty text)</source>
        <translation>n&apos;est pas un identifiant de bâtiment (texte non vide)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="398"/>
        <source>is not a building id (at most %1 printable characters)</source>
        <translation>n&apos;est pas un identifiant de bâtiment (%1 caractères imprimables au plus)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="399"/>
        <source>is required (non-empty text)</source>
        <translation>est obligatoire (texte non vide)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="400"/>
        <source>is not an entry of building %1</source>
        <translation>n&apos;est pas une entrée du bâtiment %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="401"/>
        <source>is not an entry id (32 lowercase hexadecimal digits)</source>
        <translation>n&apos;est pas un identifiant d&apos;entrée (32 chiffres hexadécimaux en minuscules)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="402"/>
        <source>is already used by another entry</source>
        <translation>est déjà utilisé par une autre entrée</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="403"/>
        <source>was withdrawn; add a new entry instead</source>
        <translation>a été retiré ; ajoutez plutôt une nouvelle entrée</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="404"/>
        <source>cannot change: attach a new document</source>
        <translation>ne peut pas changer : joignez un nouveau document</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="405"/>
        <source>is not set, correct or clear</source>
        <translation>n&apos;est pas set, correct ou clear</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="406"/>
        <source>is not add, amend or retract</source>
        <translation>n&apos;est pas add, amend ou retract</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="407"/>
        <source>is not a revision number</source>
        <translation>n&apos;est pas un numéro de révision</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="408"/>
        <source>revision %1 is already stored</source>
        <translation>la révision %1 est déjà enregistrée</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="409"/>
        <source>already has a logbook here; a full-history import needs a building without entries</source>
        <translation>a déjà un carnet ici ; l&apos;import d&apos;un historique complet demande un bâtiment sans entrée</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="410"/>
        <source>of entry %1 comes without its revision %2</source>
        <translation>de l&apos;entrée %1 arrive sans sa révision %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="411"/>
        <source>appears twice for entry %1</source>
        <translation>apparaît deux fois pour l&apos;entrée %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="412"/>
        <source>cannot start entry %1: its revision 1 must be add</source>
        <translation>ne peut pas commencer l&apos;entrée %1 : sa révision 1 doit être add</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="413"/>
        <source>is revision %1 of entry %2: only revision 1 can be add</source>
        <translation>est la révision %1 de l&apos;entrée %2 : seule la révision 1 peut être add</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="414"/>
        <source>of entry %1 comes after its retraction (revision %2)</source>
        <translation>de l&apos;entrée %1 vient après son retrait (révision %2)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="415"/>
        <source>differs from %1, the kind of revision 1 of entry %2</source>
        <translation>diffère de %1, le type de la révision 1 de l&apos;entrée %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="416"/>
        <source>(revision %1 of entry %2) is before the time of its revision %3</source>
        <translation>(révision %1 de l&apos;entrée %2) est antérieur à l&apos;heure de sa révision %3</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="417"/>
        <source>cannot be read as CSV: %1</source>
        <translation>illisible en CSV : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="418"/>
        <source>a quoted cell is followed by text instead of the separator %1 (write a quote inside a quoted cell as two quotes: &quot;&quot;)</source>
        <translation>une cellule entre guillemets est suivie de texte au lieu du séparateur %1 (dans une cellule entre guillemets, un guillemet s&apos;écrit doublé : &quot;&quot;)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="419"/>
        <source>a quote opened on this line is never closed: the file ends inside that cell, so the lines after it were not read</source>
        <translation>un guillemet ouvert sur cette ligne n&apos;est jamais refermé : le fichier se termine dans cette cellule, les lignes suivantes n&apos;ont donc pas été lues</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="420"/>
        <source>a cell is longer than %1 characters</source>
        <translation>une cellule dépasse %1 caractères</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="421"/>
        <source>a cell holds a line break but is not quoted</source>
        <translation>une cellule contient un saut de ligne sans être entre guillemets</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="422"/>
        <source>has %1 cells, the header has %2</source>
        <translation>a %1 cellules, l&apos;en-tête en a %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="423"/>
        <source>building_id %1 looks like a spreadsheet formula</source>
        <translation>building_id %1 ressemble à une formule de tableur</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="424"/>
        <source>building_id is empty</source>
        <translation>building_id est vide</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="425"/>
        <source>no building of the city has this id</source>
        <translation>aucun bâtiment de la ville n&apos;a cet identifiant</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="426"/>
        <source>the building is already on line %1</source>
        <translation>le bâtiment figure déjà à la ligne %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="427"/>
        <source>column %1: %2 looks like a spreadsheet formula; refused</source>
        <translation>colonne %1 : %2 ressemble à une formule de tableur ; refusé</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="428"/>
        <source>column %1: %2 %3</source>
        <translation>colonne %1 : %2 %3</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="429"/>
        <source>%1: %2 %3</source>
        <translation>%1 : %2 %3</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="430"/>
        <source>not JSON at column %1: %2</source>
        <translation>pas du JSON à la colonne %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="431"/>
        <source>not a building document (no building_id)</source>
        <translation>pas un document de bâtiment (pas de building_id)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="432"/>
        <source>history and events must be lists</source>
        <translation>history et events doivent être des listes</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="433"/>
        <source>item %1 of %2 is not a JSON object</source>
        <translation>l&apos;élément %1 de %2 n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="434"/>
        <source>the data of item %1 of events is not a JSON object</source>
        <translation>les données de l&apos;élément %1 de events ne sont pas un objet JSON</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="435"/>
        <source>a value is missing or not JSON (text goes in double quotes; numbers, true, false and null do not)</source>
        <translation>une valeur manque ou n&apos;est pas du JSON (le texte s&apos;écrit entre guillemets doubles ; les nombres, true, false et null sans guillemets)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="436"/>
        <source>a %1 is missing</source>
        <translation>il manque un %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="437"/>
        <source>a name in double quotes is missing (JSON uses &quot;, not &apos;; no comma after the last item)</source>
        <translation>il manque un nom entre guillemets doubles (le JSON utilise &quot;, pas &apos; ; pas de virgule après le dernier élément)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="438"/>
        <source>a text in double quotes is never closed</source>
        <translation>un texte entre guillemets doubles n&apos;est jamais refermé</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="439"/>
        <source>a text holds a control character (write a tab as \t, a line break as \n)</source>
        <translation>un texte contient un caractère de contrôle (écrivez une tabulation \t, un saut de ligne \n)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="440"/>
        <source>a text holds an invalid backslash escape (write a backslash as \\)</source>
        <translation>un texte contient un échappement par barre oblique inverse invalide (écrivez une barre oblique inverse \\)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="441"/>
        <source>a comma follows the last item</source>
        <translation>une virgule suit le dernier élément</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="442"/>
        <source>more text follows the end of the document (one document per line)</source>
        <translation>du texte suit la fin du document (un document par ligne)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="443"/>
        <source>the file is %1 MB; imports are limited to %2 MB</source>
        <translation>le fichier fait %1 Mo ; les imports sont limités à %2 Mo</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="444"/>
        <source>cannot read the file: %1</source>
        <translation>impossible de lire le fichier : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="445"/>
        <source>the file is UTF-16; save it as UTF-8 (“CSV UTF-8” in spreadsheet programs)</source>
        <translation>le fichier est en UTF-16 ; enregistrez-le en UTF-8 (« CSV UTF-8 » dans les tableurs)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="446"/>
        <source>the file is not valid %1: byte 0x%2 on line %3</source>
        <translation>le fichier n&apos;est pas du %1 valide : octet 0x%2 à la ligne %3</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="447"/>
        <source>the file is not valid %1: byte 0x%2 on line %3; it looks like Windows-1252/Latin-1 (common for spreadsheet exports): save it as UTF-8</source>
        <translation>le fichier n&apos;est pas du %1 valide : octet 0x%2 à la ligne %3 ; il semble en Windows-1252/Latin-1 (fréquent pour les exports de tableur) : enregistrez-le en UTF-8</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="448"/>
        <source>unknown encoding %1</source>
        <translation>encodage inconnu %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="449"/>
        <source>the file is empty</source>
        <translation>le fichier est vide</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="450"/>
        <source>the header line cannot be read: %1</source>
        <translation>la ligne d&apos;en-tête est illisible : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="451"/>
        <source>no building_id column (columns found: %1)</source>
        <translation>pas de colonne building_id (colonnes trouvées : %1)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="452"/>
        <source>columns appear twice: %1</source>
        <translation>colonnes en double : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="453"/>
        <source>line 1 is not JSON: %1</source>
        <translation>la ligne 1 n&apos;est pas du JSON : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="454"/>
        <source>line 1 is not a %1 header</source>
        <translation>la ligne 1 n&apos;est pas un en-tête %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="455"/>
        <source>format version %1 is not supported (this version reads %2)</source>
        <translation>la version de format %1 n&apos;est pas prise en charge (cette version lit la %2)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="456"/>
        <source>the export %1 failed: %2; no file was written</source>
        <translation>l&apos;export %1 a échoué : %2 ; aucun fichier n&apos;a été écrit</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="457"/>
        <source>the folder %1 does not exist</source>
        <translation>le dossier %1 n&apos;existe pas</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="458"/>
        <source>the system reported: %1</source>
        <translation>le système a signalé : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="459"/>
        <source>the filter is empty</source>
        <translation>le filtre est vide</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="460"/>
        <source>cannot read %1 at position %2</source>
        <translation>impossible de lire %1 à la position %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="461"/>
        <source>expected %1 at position %2, found %3</source>
        <translation>à la position %2, on attend %1 et non %3</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="462"/>
        <source>expected %1 at position %2, but the filter ends there</source>
        <translation>à la position %2, on attend %1, mais le filtre s&apos;arrête là</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="463"/>
        <source>a value (number, date YYYY-MM-DD, word or &apos;quoted text&apos;)</source>
        <translation>une valeur (nombre, date AAAA-MM-JJ, mot ou &apos;texte entre apostrophes&apos;)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="464"/>
        <source>a field name</source>
        <translation>un nom de champ</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="465"/>
        <source>an opening parenthesis &apos;(&apos;</source>
        <translation>une parenthèse ouvrante &apos;(&apos;</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="466"/>
        <source>a closing parenthesis &apos;)&apos;</source>
        <translation>une parenthèse fermante &apos;)&apos;</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="467"/>
        <source>&apos;in&apos;</source>
        <translation>&apos;in&apos;</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="468"/>
        <source>&apos;null&apos;</source>
        <translation>&apos;null&apos;</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="469"/>
        <source>&apos;and&apos;, &apos;or&apos; or the end of the filter</source>
        <translation>&apos;and&apos;, &apos;or&apos; ou la fin du filtre</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="470"/>
        <source>unknown field %1 at position %2; known fields: %3</source>
        <translation>champ inconnu %1 à la position %2 ; champs connus : %3</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="471"/>
        <source>expected a comparison (=, !=, &lt;, &lt;=, &gt;, &gt;=), &apos;in&apos; or &apos;is&apos; after %1 at position %2</source>
        <translation>après %1 à la position %2, on attend une comparaison (=, !=, &lt;, &lt;=, &gt;, &gt;=), &apos;in&apos; ou &apos;is&apos;</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="472"/>
        <source>%1() at position %2 needs a date</source>
        <translation>%1() à la position %2 demande une date</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="473"/>
        <source>no kind of logbook store opens %1: %2:// is not known here</source>
        <translation>aucun type de carnet ne sait ouvrir %1 : %2:// est inconnu ici</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="474"/>
        <source>the logbook %1 is open read-only (viewer mode): nothing was saved</source>
        <translation>le carnet %1 est ouvert en lecture seule (mode consultation) : rien n&apos;a été enregistré</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="475"/>
        <source>%1 is %2 MB; documents are limited to %3 MB</source>
        <translation>%1 fait %2 Mo ; les documents sont limités à %3 Mo</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="476"/>
        <source>%1 is larger than the %2 MB document limit</source>
        <translation>%1 dépasse la limite de %2 Mo par document</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="477"/>
        <source>%1 is not a regular file</source>
        <translation>%1 n&apos;est pas un fichier ordinaire</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="478"/>
        <source>%1. The logbook is unchanged; your entry is kept, try again.</source>
        <translation>%1. Le carnet est inchangé ; votre saisie est conservée, réessayez.</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="479"/>
        <source>another program kept the logbook %1 busy for more than %2 s while saving; nothing was changed, try again</source>
        <translation>un autre programme a occupé le carnet %1 plus de %2 s pendant l&apos;enregistrement ; rien n&apos;a été modifié, réessayez</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="480"/>
        <source>another program kept the logbook %1 busy for more than %2 s while reading; try again</source>
        <translation>un autre programme a occupé le carnet %1 plus de %2 s pendant la lecture ; réessayez</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="481"/>
        <source>cannot create the logbook %1: the folder does not exist</source>
        <translation>impossible de créer le carnet %1 : le dossier n&apos;existe pas</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="482"/>
        <source>cannot create the logbook %1: the folder is read-only</source>
        <translation>impossible de créer le carnet %1 : le dossier est en lecture seule</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="483"/>
        <source>cannot open %1 for editing: %2</source>
        <translation>impossible d&apos;ouvrir %1 en modification : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="484"/>
        <source>cannot open %1 for editing: the file or its folder is read-only; open it read-only to view it, or copy it to a writable folder</source>
        <translation>impossible d&apos;ouvrir %1 en modification : le fichier ou son dossier est en lecture seule ; ouvrez-le en lecture seule pour le consulter, ou copiez-le dans un dossier modifiable</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="485"/>
        <source>the disk holding %1 is full</source>
        <translation>le disque contenant %1 est plein</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="486"/>
        <source>%1 or its folder is read-only</source>
        <translation>%1 ou son dossier est en lecture seule</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="487"/>
        <source>%1 cannot be opened for writing (missing folder or no permission)</source>
        <translation>%1 ne peut pas être ouvert en écriture (dossier manquant ou droits insuffisants)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="488"/>
        <source>the system reported an input/output error writing %1</source>
        <translation>le système a signalé une erreur d&apos;entrée/sortie en écrivant %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="489"/>
        <source>%1 is damaged (%2); restore a backup</source>
        <translation>%1 est endommagé (%2) ; restaurez une sauvegarde</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="490"/>
        <source>SQLite error writing %1: %2</source>
        <translation>erreur SQLite en écrivant %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="491"/>
        <source>the file system refused WAL mode (%1)</source>
        <translation>le système de fichiers a refusé le mode WAL (%1)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="492"/>
        <source>no logbook at %1</source>
        <translation>aucun carnet à l&apos;emplacement %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="493"/>
        <source>cannot open the logbook %1: %2</source>
        <translation>impossible d&apos;ouvrir le carnet %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="494"/>
        <source>cannot read the logbook %1: %2</source>
        <translation>impossible de lire le carnet %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="495"/>
        <source>%1 is not a logbook (not a SQLite database)</source>
        <translation>%1 n&apos;est pas un carnet (ce n&apos;est pas une base SQLite)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="496"/>
        <source>%1 is a SQLite database but not a Maquette logbook</source>
        <translation>%1 est une base SQLite mais pas un carnet Maquette</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="497"/>
        <source>%1 was written by a newer version of Maquette (logbook schema %2, this version knows up to %3); update Maquette to open it</source>
        <translation>%1 a été écrit par une version plus récente de Maquette (schéma de carnet %2, cette version connaît jusqu&apos;au %3) ; mettez Maquette à jour pour l&apos;ouvrir</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="498"/>
        <source>%1 uses logbook schema %2; open it once for editing to upgrade it to %3 (a backup is made first)</source>
        <translation>%1 utilise le schéma de carnet %2 ; ouvrez-le une fois en modification pour le mettre à niveau vers le %3 (une sauvegarde est faite d&apos;abord)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="499"/>
        <source>%1 needs an upgrade to logbook schema %2, but the backup before it failed (%3); the file was not changed</source>
        <translation>%1 doit passer au schéma de carnet %2, mais la sauvegarde préalable a échoué (%3) ; le fichier n&apos;a pas été modifié</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="500"/>
        <source>upgrading %1 from logbook schema %2 to %3 failed (%4); the file was left at schema %2</source>
        <translation>le passage de %1 du schéma de carnet %2 au %3 a échoué (%4) ; le fichier est resté au schéma %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="501"/>
        <source>upgrading %1 from logbook schema %2 to %3 failed (%4); the file was left at schema %2; the backup made before it is %5</source>
        <translation>le passage de %1 du schéma de carnet %2 au %3 a échoué (%4) ; le fichier est resté au schéma %2 ; la sauvegarde faite avant est %5</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="502"/>
        <source>%1 cannot be opened (no permission, or the file was moved or deleted)</source>
        <translation>%1 ne peut pas être ouvert (pas d&apos;autorisation, ou le fichier a été déplacé ou supprimé)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="503"/>
        <source>the system reported an input/output error reading %1</source>
        <translation>le système a signalé une erreur d&apos;entrée/sortie en lisant %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="504"/>
        <source>the logbook is closed</source>
        <translation>le carnet est fermé</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="505"/>
        <source>SQLite error reading %1: %2</source>
        <translation>erreur SQLite en lisant %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="506"/>
        <source>cannot create the documents folder %1: %2</source>
        <translation>impossible de créer le dossier des documents %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="507"/>
        <source>the documents folder %1 is a symbolic link; refusing to use it</source>
        <translation>le dossier des documents %1 est un lien symbolique ; il n&apos;est pas utilisé</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="508"/>
        <source>%1 is not a document hash (64 lowercase hex digits)</source>
        <translation>%1 n&apos;est pas une empreinte de document (64 chiffres hexadécimaux en minuscules)</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="509"/>
        <source>%1 is not a plain folder; refusing to use it</source>
        <translation>%1 n&apos;est pas un dossier ordinaire ; il n&apos;est pas utilisé</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="510"/>
        <source>%1 resolves outside the documents folder %2</source>
        <translation>%1 mène hors du dossier des documents %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="511"/>
        <source>cannot read %1: %2</source>
        <translation>impossible de lire %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="512"/>
        <source>cannot write in the documents folder %1: %2</source>
        <translation>impossible d&apos;écrire dans le dossier des documents %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="513"/>
        <source>the document %1 was not saved: %2</source>
        <translation>le document %1 n&apos;a pas été enregistré : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="514"/>
        <source>document %1... is missing from %2</source>
        <translation>le document %1... manque dans %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="515"/>
        <source>document %1... is not a regular file (a link?); refusing to open it</source>
        <translation>le document %1... n&apos;est pas un fichier ordinaire (un lien ?) ; il n&apos;est pas ouvert</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="516"/>
        <source>cannot read document %1...: %2</source>
        <translation>impossible de lire le document %1... : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="517"/>
        <source>document %1... is damaged: its content no longer matches its hash</source>
        <translation>le document %1... est endommagé : son contenu ne correspond plus à son empreinte</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="518"/>
        <source>a backup cannot overwrite the logbook itself</source>
        <translation>une sauvegarde ne peut pas remplacer le carnet lui-même</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="519"/>
        <source>cannot write the backup %1: %2</source>
        <translation>impossible d&apos;écrire la sauvegarde %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="520"/>
        <source>the backup %1 failed: %2</source>
        <translation>la sauvegarde %1 a échoué : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="521"/>
        <source>no permission to use %1</source>
        <translation>pas d&apos;autorisation d&apos;utiliser %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="522"/>
        <source>%1 does not exist</source>
        <translation>%1 n&apos;existe pas</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="523"/>
        <source>a file stands where a folder of %1 should be</source>
        <translation>un fichier se trouve là où devrait être un dossier de %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="604"/>
        <source>line %1 (%2): %3</source>
        <translation>ligne %1 (%2) : %3</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="605"/>
        <source>line %1: %2</source>
        <translation>ligne %1 : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="611"/>
        <source>%1: nothing imported: %2</source>
        <translation>%1 : rien n&apos;a été importé : %2</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="613"/>
        <source>%1: %2 rows accepted, %3 rejected, %4 matched no building; %5 entries recorded</source>
        <translation>%1 : %2 lignes acceptées, %3 rejetées, %4 sans bâtiment correspondant ; %5 entrées enregistrées</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="617"/>
        <source>; columns ignored: %1</source>
        <translation> ; colonnes ignorées : %1</translation>
    </message>
    <message>
        <location filename="../logbook_format.py" line="622"/>
        <source>… and %1 more</source>
        <translation>… et %1 de plus</translation>
    </message>
</context>
<context>
    <name>LogbookOverlay</name>
    <message>
        <location filename="../logbook_overlay.py" line="129"/>
        <source>no logbook field %1; fields: %2</source>
        <translation>aucun champ de carnet %1 ; champs : %2</translation>
    </message>
    <message>
        <location filename="../logbook_overlay.py" line="160"/>
        <source>the logbook field %1 cannot colour the city; choose a field with choices, a yes/no field or a number field</source>
        <translation>le champ de carnet %1 ne peut pas colorer la ville ; choisissez un champ à choix, oui/non ou numérique</translation>
    </message>
</context>
<context>
    <name>LogbookPanel</name>
    <message>
        <location filename="../logbook_panel.py" line="158"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="159"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="519"/>
        <location filename="../logbook_panel.py" line="539"/>
        <source>No logbook is open.</source>
        <translation>Aucun carnet n&apos;est ouvert.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="521"/>
        <source>The logbook is open read-only (viewer mode): editing is disabled.</source>
        <translation>Le carnet est ouvert en lecture seule (mode consultation) : la modification est désactivée.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="523"/>
        <source>Select a building in the 3D view to edit its logbook.</source>
        <translation>Sélectionnez un bâtiment dans la vue 3D pour modifier son carnet.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="529"/>
        <source>Changes are recorded with your name: %1</source>
        <translation>Les modifications sont enregistrées à votre nom : %1</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="541"/>
        <source>No building selected. Click a building in the 3D view to open its logbook.</source>
        <translation>Aucun bâtiment sélectionné. Cliquez sur un bâtiment dans la vue 3D pour ouvrir son carnet.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="543"/>
        <source>Read-only: you can view this logbook but not change it.</source>
        <translation>Lecture seule : vous pouvez consulter ce carnet mais pas le modifier.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="563"/>
        <source>Logbook of building %1</source>
        <translation>Carnet du bâtiment %1</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="570"/>
        <source>Changes below apply to building %1.</source>
        <translation>Les modifications ci-dessous s&apos;appliquent au bâtiment %1.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="592"/>
        <source>Nothing recorded yet.</source>
        <translation>Rien n&apos;est encore enregistré.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="606"/>
        <source>Double-click the entry to open the document.</source>
        <translation>Double-cliquez sur l&apos;entrée pour ouvrir le document.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="666"/>
        <source>No value recorded yet.</source>
        <translation>Aucune valeur enregistrée pour le moment.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="668"/>
        <source>Current value: %1</source>
        <translation>Valeur actuelle : %1</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="693"/>
        <source>Not saved: %1 — %2 %3.</source>
        <translation>Non enregistré : %1 — %2 %3.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="695"/>
        <source>Document not attached: %1</source>
        <translation>Document non joint : %1</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="697"/>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="698"/>
        <source>Your input is kept: correct it or fix the problem, then press the button again.</source>
        <translation>Votre saisie est conservée : corrigez-la ou réglez le problème, puis appuyez de nouveau sur le bouton.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="711"/>
        <source>Give a reason: it is recorded with the change (e.g. “new DPE received”, “typo”).</source>
        <translation>Indiquez un motif : il est enregistré avec la modification (ex. « nouveau DPE reçu », « faute de frappe »).</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="729"/>
        <source>Enter a value for %1.</source>
        <translation>Saisissez une valeur pour %1.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="744"/>
        <source>Saved: %1 = %2.</source>
        <translation>Enregistré : %1 = %2.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="746"/>
        <source>Nothing to save: %1 already has this value.</source>
        <translation>Rien à enregistrer : %1 a déjà cette valeur.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="766"/>
        <source>Fill in: %1.</source>
        <translation>À remplir : %1.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="780"/>
        <source>Added to the timeline: %1.</source>
        <translation>Ajouté à la chronologie : %1.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="791"/>
        <location filename="../logbook_panel.py" line="897"/>
        <source>Attach a document</source>
        <translation>Joindre un document</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="792"/>
        <source>Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.dwg *.dxf *.txt *.odt *.docx);;All files (*)</source>
        <translation>Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.dwg *.dxf *.txt *.odt *.docx);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="815"/>
        <source>Document attached: %1.</source>
        <translation>Document joint : %1.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="836"/>
        <source>Export the logbook as PDF</source>
        <translation>Exporter le carnet en PDF</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="836"/>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="842"/>
        <source>PDF not written: %1</source>
        <translation>PDF non écrit : %1</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="844"/>
        <source>Logbook exported to %1</source>
        <translation>Carnet exporté vers %1</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="850"/>
        <source>Summary</source>
        <translation>Synthèse</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="851"/>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="852"/>
        <source>Field history</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="853"/>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="854"/>
        <source>PDF sheet…</source>
        <translation>Fiche PDF…</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="855"/>
        <source>Export this building&apos;s logbook as a PDF sheet for its owner</source>
        <translation>Exporter le carnet de ce bâtiment en fiche PDF pour son propriétaire</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="856"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="856"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="856"/>
        <source>What happened</source>
        <translation>Ce qui s&apos;est passé</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="860"/>
        <source>Recorded</source>
        <translation>Enregistré le</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="860"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="860"/>
        <source>Change</source>
        <translation>Nature</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="860"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="860"/>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="874"/>
        <source>Set or correct a field</source>
        <translation>Saisir ou corriger un champ</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="860"/>
        <location filename="../logbook_panel.py" line="875"/>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="857"/>
        <source>Newest first. Click an entry for its details; double-click a document to open it.</source>
        <translation>Les plus récents d&apos;abord. Cliquez sur une entrée pour ses détails ; double-cliquez sur un document pour l&apos;ouvrir.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="858"/>
        <source>Click an entry above to see all its details.</source>
        <translation>Cliquez sur une entrée ci-dessus pour voir tous ses détails.</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="859"/>
        <source>Every recorded value, newest first (bold: current):</source>
        <translation>Toutes les valeurs enregistrées, les plus récentes d&apos;abord (en gras : actuelle) :</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="866"/>
        <source>All fields</source>
        <translation>Tous les champs</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="876"/>
        <source>New value</source>
        <translation>Nouvelle valeur</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="877"/>
        <location filename="../logbook_panel.py" line="894"/>
        <location filename="../logbook_panel.py" line="902"/>
        <source>Reason *</source>
        <translation>Motif *</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="878"/>
        <source>Why: new DPE, survey, typo…</source>
        <translation>Pourquoi : nouveau DPE, relevé, faute de frappe…</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="879"/>
        <source>This corrects a wrong value</source>
        <translation>Ceci corrige une valeur erronée</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="880"/>
        <source>The history then shows a correction rather than a change of the building</source>
        <translation>L&apos;historique montre alors une correction et non un changement du bâtiment</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="881"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="882"/>
        <location filename="../logbook_panel.py" line="896"/>
        <source>Add to the timeline</source>
        <translation>Ajouter à la chronologie</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="895"/>
        <source>Why it is recorded: invoice received, report…</source>
        <translation>Pourquoi : facture reçue, rapport…</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="903"/>
        <source>e.g. DPE report received from the diagnostician</source>
        <translation>ex. rapport DPE reçu du diagnostiqueur</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="904"/>
        <source>Choose a file and attach…</source>
        <translation>Choisir un fichier et le joindre…</translation>
    </message>
    <message>
        <location filename="../logbook_panel.py" line="906"/>
        <source>The file is copied into the logbook&apos;s folder (PDF, images, plans; size limited).</source>
        <translation>Le fichier est copié dans le dossier du carnet (PDF, images, plans ; taille limitée).</translation>
    </message>
</context>
<context>
    <name>LogbookPdf</name>
    <message>
        <location filename="../logbook_pdf.py" line="33"/>
        <location filename="../logbook_pdf.py" line="103"/>
        <source>Building logbook — %1</source>
        <translation>Carnet numérique du bâtiment — %1</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="36"/>
        <source>Generated by Maquette on %1 from the logbook %2.</source>
        <translation>Fiche produite par Maquette le %1 à partir du carnet %2.</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="48"/>
        <source>Summary</source>
        <translation>Synthèse</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="51"/>
        <source>Timeline (newest first)</source>
        <translation>Chronologie (les plus récents d&apos;abord)</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="58"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="59"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="60"/>
        <source>What happened</source>
        <translation>Ce qui s&apos;est passé</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="61"/>
        <source>Recorded by</source>
        <translation>Enregistré par</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="70"/>
        <source>Nothing recorded yet.</source>
        <translation>Rien n&apos;est encore enregistré.</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="74"/>
        <source>%1 inspection(s) overdue: see “Next inspections”.</source>
        <translation>%1 contrôle(s) en retard : voir « Prochains contrôles ».</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="94"/>
        <source>cannot write %1: the folder does not exist</source>
        <translation>impossible d&apos;écrire %1 : le dossier n&apos;existe pas</translation>
    </message>
    <message>
        <location filename="../logbook_pdf.py" line="109"/>
        <source>cannot write %1</source>
        <translation>impossible d&apos;écrire %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="341"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="342"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="343"/>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="344"/>
        <source>A&amp;nalyses</source>
        <translation>A&amp;nalyses</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="345"/>
        <source>&amp;Solar irradiation…</source>
        <translation>&amp;Ensoleillement…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="346"/>
        <source>&amp;Green roofs and walls</source>
        <translation>&amp;Végétalisation des toits et façades</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="347"/>
        <source>&amp;Geothermal potential</source>
        <translation>Potentiel &amp;géothermique</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="348"/>
        <source>&amp;Project&apos;s effect on the neighbours&apos; sun…</source>
        <translation>Effet du &amp;projet sur l&apos;ensoleillement des voisins…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="349"/>
        <source>Geothermal potential</source>
        <translation>Potentiel géothermique</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="350"/>
        <source>Shadow study</source>
        <translation>Étude d’ombres</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="351"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="352"/>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="353"/>
        <source>&amp;Add layer…</source>
        <translation>&amp;Ajouter une couche…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="354"/>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="355"/>
        <source>&amp;Image (title, legend, north arrow, scale)…</source>
        <translation>&amp;Image (titre, légende, nord, échelle)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="356"/>
        <source>&amp;PDF handout…</source>
        <translation>Dossier &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="357"/>
        <source>&amp;Video tour (MP4)…</source>
        <translation>&amp;Vidéo de visite (MP4)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="358"/>
        <source>&amp;Web scene (offline HTML)…</source>
        <translation>Scène &amp;web (HTML hors ligne)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="359"/>
        <source>&amp;glTF model of the zone…</source>
        <translation>Modèle &amp;glTF de la zone…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="360"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="361"/>
        <source>Default view</source>
        <translation>Vue par défaut</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="362"/>
        <source>Top view</source>
        <translation>Vue de dessus</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="363"/>
        <source>Zoom in</source>
        <translation>Zoom avant</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364"/>
        <source>Zoom out</source>
        <translation>Zoom arrière</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="365"/>
        <source>&amp;About Maquette</source>
        <translation>À &amp;propos de Maquette</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="366"/>
        <source>Layers</source>
        <translation>Couches</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="367"/>
        <location filename="../panels.py" line="497"/>
        <source>Building</source>
        <translation>Bâtiment</translation>
    </message>
    <message>
        <location filename="../layer_properties.py" line="171"/>
        <location filename="../main_window.py" line="376"/>
        <location filename="../panels.py" line="424"/>
        <location filename="../panels.py" line="435"/>
        <source>Generated demo district — not survey data</source>
        <extracomment>Rows that start a new item of a layer (one point cloud, image or raster among several): shown in bold.</extracomment>
        <translation>Quartier de démonstration généré — non issu de relevés</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="532"/>
        <source>Move the cursor over the city to read coordinates</source>
        <translation>Survolez la ville pour lire les coordonnées</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="536"/>
        <source>Sky: no ground under the cursor</source>
        <translation>Ciel : pas de sol sous le curseur</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="540"/>
        <source>X %1  Y %2 (%3)</source>
        <translation>X %1  Y %2 (%3)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="542"/>
        <source>ground %1 m</source>
        <translation>sol %1 m</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="565"/>
        <source>Maquette project (*.maquette)</source>
        <translation>Projet Maquette (*.maquette)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="568"/>
        <source>Open a city or project file</source>
        <translation>Ouvrir un fichier de ville ou de projet</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="581"/>
        <source>Add a layer to the city</source>
        <translation>Ajouter une couche à la ville</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="591"/>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="591"/>
        <location filename="../main_window.py" line="721"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="632"/>
        <source>Opening cancelled: the city shown is unchanged.</source>
        <translation>Ouverture annulée : la ville affichée n’a pas changé.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="637"/>
        <source>Coordinate system needed</source>
        <translation>Système de coordonnées requis</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="638"/>
        <source>%1 does not say which coordinate system it uses. Choose it:</source>
        <translation>%1 n’indique pas son système de coordonnées. Choisissez-le :</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="647"/>
        <source>Cannot open file</source>
        <translation>Impossible d’ouvrir le fichier</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="647"/>
        <source>The city shown is unchanged.</source>
        <translation>La ville affichée n’a pas changé.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="662"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="669"/>
        <source>Export image</source>
        <translation>Exporter une image</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="728"/>
        <source>Exported to %1</source>
        <translation>Exporté dans %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="669"/>
        <source>Size in pixels:</source>
        <translation>Taille en pixels :</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="336"/>
        <source>Greening</source>
        <translation>Végétalisation</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="337"/>
        <source>Zones</source>
        <translation>Zones</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="338"/>
        <source>&amp;Logbook (carnet numérique)</source>
        <translation>&amp;Carnet numérique du bâtiment</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="339"/>
        <source>&amp;Before / after</source>
        <translation>&amp;Avant / après</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="340"/>
        <source>Consultation</source>
        <translation>Concertation</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="674"/>
        <source>PDF handout</source>
        <translation>Dossier PDF</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="674"/>
        <source>Paper:</source>
        <translation>Papier :</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="721"/>
        <source>Exporting %1…</source>
        <translation>Export de %1…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="731"/>
        <source>Export cancelled.</source>
        <translation>Export annulé.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="734"/>
        <source>Export failed</source>
        <translation>Échec de l’export</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="751"/>
        <source>About Maquette</source>
        <translation>À propos de Maquette</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="753"/>
        <source>&lt;h3&gt;Maquette %1&lt;/h3&gt;&lt;p&gt;A 3D model of Paris for urban planning and public consultation.&lt;/p&gt;&lt;p&gt;Working coordinate system: Lambert-93 (EPSG:2154).&lt;/p&gt;&lt;p&gt;The default district is generated by Maquette&apos;s own code at the location of the Clichy-Batignolles redevelopment zone: it is a demonstration, not survey data.&lt;/p&gt;&lt;p&gt;Built with Qt (PySide6), VTK, PyVista, pyproj, numpy.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Maquette %1&lt;/h3&gt;&lt;p&gt;Une maquette 3D de Paris pour l’urbanisme et la concertation publique.&lt;/p&gt;&lt;p&gt;Système de coordonnées de travail : Lambert-93 (EPSG:2154).&lt;/p&gt;&lt;p&gt;Le quartier par défaut est généré par le code de Maquette à l’emplacement de la ZAC Clichy-Batignolles : c’est une démonstration, pas des données de relevé.&lt;/p&gt;&lt;p&gt;Réalisé avec Qt (PySide6), VTK, PyVista, pyproj, numpy.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Models</name>
    <message>
        <location filename="../project_models.py" line="44"/>
        <source>metres</source>
        <translation>mètres</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="45"/>
        <source>centimetres</source>
        <translation>centimètres</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="46"/>
        <source>millimetres</source>
        <translation>millimètres</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="47"/>
        <source>inches</source>
        <translation>pouces</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="48"/>
        <source>feet</source>
        <translation>pieds</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="78"/>
        <source>Place the project model %1</source>
        <translation>Placer le modèle de projet %1</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="80"/>
        <source>This model does not say where it stands. Give the point (Lambert-93, EPSG:2154) where its origin goes, or pick it on the map.</source>
        <translation>Ce modèle n&apos;indique pas où il se trouve. Donnez le point (Lambert-93, EPSG:2154) où va son origine, ou choisissez-le sur la carte.</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="88"/>
        <source>on the ground (terrain)</source>
        <translation>sur le sol (terrain)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="104"/>
        <source>z is up (IFC, most CAD)</source>
        <translation>z vers le haut (IFC, la plupart des CAO)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="105"/>
        <source>y is up (glTF, many OBJ)</source>
        <translation>y vers le haut (glTF, beaucoup d&apos;OBJ)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="107"/>
        <source>hide the existing buildings it replaces</source>
        <translation>masquer les bâtiments existants qu&apos;il remplace</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="109"/>
        <source>X (m, east)</source>
        <translation>X (m, est)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="110"/>
        <source>Y (m, north)</source>
        <translation>Y (m, nord)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="111"/>
        <source>Elevation</source>
        <translation>Altitude</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="113"/>
        <source>Rotation (clockwise)</source>
        <translation>Rotation (sens horaire)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="114"/>
        <source>Model unit</source>
        <translation>Unité du modèle</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="115"/>
        <source>Up axis</source>
        <translation>Axe vertical</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="124"/>
        <source>Pick on the map</source>
        <translation>Choisir sur la carte</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="178"/>
        <source>Existing and project together</source>
        <translation>Existant et projet ensemble</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="179"/>
        <source>Before (the city as it is)</source>
        <translation>Avant (la ville actuelle)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="180"/>
        <source>After (with the project)</source>
        <translation>Après (avec le projet)</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="181"/>
        <source>Before / after side by side…</source>
        <translation>Avant / après côte à côte…</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="199"/>
        <source>Click on the map where the model goes.</source>
        <translation>Cliquez sur la carte là où va le modèle.</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="202"/>
        <source>Model not added: the city shown is unchanged.</source>
        <translation>Modèle non ajouté : la ville affichée n&apos;a pas changé.</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="277"/>
        <source>Before / after — %1</source>
        <translation>Avant / après — %1</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="282"/>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <location filename="../project_models.py" line="283"/>
        <source>After</source>
        <translation>Après</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../panels.py" line="38"/>
        <source>Buildings</source>
        <translation>Bâtiments</translation>
    </message>
    <message>
        <location filename="../panels.py" line="39"/>
        <source>Ground and streets</source>
        <translation>Sol et rues</translation>
    </message>
    <message>
        <location filename="../panels.py" line="40"/>
        <source>Trees</source>
        <translation>Arbres</translation>
    </message>
    <message>
        <location filename="../panels.py" line="41"/>
        <source>Zones</source>
        <translation>Zones</translation>
    </message>
    <message>
        <location filename="../panels.py" line="87"/>
        <source>Opacity of the layer</source>
        <translation>Opacité de la couche</translation>
    </message>
    <message>
        <location filename="../panels.py" line="267"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../panels.py" line="268"/>
        <source>Use</source>
        <translation>Usage</translation>
    </message>
    <message>
        <location filename="../panels.py" line="252"/>
        <location filename="../panels.py" line="269"/>
        <source>Storeys</source>
        <translation>Niveaux</translation>
    </message>
    <message>
        <location filename="../panels.py" line="251"/>
        <location filename="../panels.py" line="270"/>
        <location filename="../panels.py" line="363"/>
        <source>Height (m)</source>
        <translation>Hauteur (m)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="250"/>
        <location filename="../panels.py" line="271"/>
        <source>Construction year</source>
        <translation>Année de construction</translation>
    </message>
    <message>
        <location filename="../panels.py" line="42"/>
        <source>Parcels</source>
        <translation>Parcelles</translation>
    </message>
    <message>
        <location filename="../panels.py" line="43"/>
        <source>Heating plants</source>
        <translation>Chaufferies</translation>
    </message>
    <message>
        <location filename="../panels.py" line="44"/>
        <location filename="../panels.py" line="238"/>
        <source>Point clouds</source>
        <translation>Nuages de points</translation>
    </message>
    <message>
        <location filename="../panels.py" line="45"/>
        <source>Orthophotos</source>
        <translation>Orthophotos</translation>
    </message>
    <message>
        <location filename="../panels.py" line="46"/>
        <source>Rasters (NDVI, heights)</source>
        <translation>Rasters (NDVI, hauteurs)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="88"/>
        <source>Properties of the layer: source, CRS, extent, counts, memory</source>
        <translation>Propriétés de la couche : source, SCR, emprise, effectifs, mémoire</translation>
    </message>
    <message>
        <location filename="../panels.py" line="144"/>
        <source>Surface models (DSM, DHM) in relief</source>
        <translation>Modèles de surface (MNS, MNH) en relief</translation>
    </message>
    <message>
        <location filename="../panels.py" line="145"/>
        <source>Off: a colour drape on the ground. On: a lit surface at the model&apos;s heights, in the same colours.</source>
        <translation>Désactivé : une couleur drapée sur le sol. Activé : une surface éclairée aux hauteurs du modèle, dans les mêmes couleurs.</translation>
    </message>
    <message>
        <location filename="../panels.py" line="147"/>
        <source>Colour buildings by</source>
        <translation>Colorer les bâtiments selon</translation>
    </message>
    <message>
        <location filename="../panels.py" line="231"/>
        <source>Classification</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../panels.py" line="232"/>
        <source>Height</source>
        <translation>Hauteur</translation>
    </message>
    <message>
        <location filename="../panels.py" line="233"/>
        <source>Colours (RGB)</source>
        <translation>Couleurs (RVB)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="234"/>
        <source>Intensity</source>
        <translation>Intensité</translation>
    </message>
    <message>
        <location filename="../panels.py" line="239"/>
        <source>Colour points by</source>
        <translation>Colorer les points selon</translation>
    </message>
    <message>
        <location filename="../panels.py" line="240"/>
        <source>Untick a class to hide its points</source>
        <translation>Décochez une classe pour masquer ses points</translation>
    </message>
    <message>
        <location filename="../panels.py" line="249"/>
        <source>Natural colours</source>
        <translation>Couleurs naturelles</translation>
    </message>
    <message>
        <location filename="../panels.py" line="272"/>
        <source>Roof</source>
        <translation>Toiture</translation>
    </message>
    <message>
        <location filename="../panels.py" line="273"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../panels.py" line="280"/>
        <source>Species</source>
        <translation>Espèce</translation>
    </message>
    <message>
        <location filename="../panels.py" line="281"/>
        <source>Common name</source>
        <translation>Nom commun</translation>
    </message>
    <message>
        <location filename="../panels.py" line="282"/>
        <source>Development stage</source>
        <translation>Stade de développement</translation>
    </message>
    <message>
        <location filename="../panels.py" line="283"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../panels.py" line="294"/>
        <source>%1 m or more</source>
        <translation>%1 m ou plus</translation>
    </message>
    <message>
        <location filename="../panels.py" line="296"/>
        <source>above %1 m, the most a trunk of %2 cm can hold up</source>
        <translation>au-delà de %1 m, le maximum que peut porter un tronc de %2 cm</translation>
    </message>
    <message>
        <location filename="../panels.py" line="299"/>
        <source>over 3 times the usual height of its development stage</source>
        <translation>plus de 3 fois la hauteur habituelle de son stade de développement</translation>
    </message>
    <message>
        <location filename="../panels.py" line="300"/>
        <source>%1 — implausible, not drawn: %2</source>
        <translation>%1 — invraisemblable, non dessinée : %2</translation>
    </message>
    <message>
        <location filename="../panels.py" line="354"/>
        <location filename="../panels.py" line="390"/>
        <source>Identifier</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location filename="../panels.py" line="366"/>
        <source>Recorded height (m)</source>
        <translation>Hauteur relevée (m)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="368"/>
        <source>Trunk circumference (cm)</source>
        <translation>Circonférence du tronc (cm)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="370"/>
        <source>Crown diameter (m)</source>
        <translation>Diamètre du houppier (m)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="374"/>
        <source>Position (%1)</source>
        <translation>Position (%1)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="378"/>
        <source>Ground altitude (m)</source>
        <translation>Altitude du sol (m)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="395"/>
        <source>Footprint area (m²)</source>
        <translation>Emprise au sol (m²)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="396"/>
        <source>Roof area (m²)</source>
        <translation>Surface de toiture (m²)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="397"/>
        <source>Facade area (m²)</source>
        <translation>Surface de façade (m²)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="400"/>
        <source>Centre (%1)</source>
        <translation>Centre (%1)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="421"/>
        <source>Tree %1</source>
        <translation>Arbre %1</translation>
    </message>
    <message>
        <location filename="../panels.py" line="429"/>
        <source>No building selected. Click a building or a tree in the 3D view.</source>
        <translation>Aucun bâtiment sélectionné. Cliquez sur un bâtiment ou un arbre dans la vue 3D.</translation>
    </message>
    <message>
        <location filename="../panels.py" line="432"/>
        <source>Building %1</source>
        <translation>Bâtiment %1</translation>
    </message>
    <message>
        <location filename="../panels.py" line="442"/>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <location filename="../panels.py" line="442"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../panels.py" line="497"/>
        <source>Tree</source>
        <translation>Arbre</translation>
    </message>
</context>
<context>
    <name>Planting</name>
    <message>
        <location filename="../planting.py" line="43"/>
        <source>park</source>
        <translation>parc</translation>
    </message>
    <message>
        <location filename="../planting.py" line="44"/>
        <source>garden</source>
        <translation>jardin</translation>
    </message>
    <message>
        <location filename="../planting.py" line="45"/>
        <source>urban farm</source>
        <translation>agriculture urbaine</translation>
    </message>
    <message>
        <location filename="../planting.py" line="51"/>
        <source>New trees</source>
        <translation>Nouveaux arbres</translation>
    </message>
    <message>
        <location filename="../planting.py" line="52"/>
        <source>New green space (ha)</source>
        <translation>Nouveaux espaces verts (ha)</translation>
    </message>
    <message>
        <location filename="../planting.py" line="53"/>
        <source>Greened roofs and walls (ha)</source>
        <translation>Toits et murs végétalisés (ha)</translation>
    </message>
    <message>
        <location filename="../planting.py" line="54"/>
        <source>of which urban agriculture (ha)</source>
        <translation>dont agriculture urbaine (ha)</translation>
    </message>
    <message>
        <location filename="../planting.py" line="145"/>
        <source>Greening scenario</source>
        <translation>Scénario de végétalisation</translation>
    </message>
    <message>
        <location filename="../planting.py" line="146"/>
        <source>Plant trees</source>
        <translation>Planter des arbres</translation>
    </message>
    <message>
        <location filename="../planting.py" line="147"/>
        <source>Along a line</source>
        <translation>Le long d&apos;une ligne</translation>
    </message>
    <message>
        <location filename="../planting.py" line="148"/>
        <source>Green space</source>
        <translation>Espace vert</translation>
    </message>
    <message>
        <location filename="../planting.py" line="149"/>
        <source>Each click in the 3D view plants a tree</source>
        <translation>Chaque clic dans la vue 3D plante un arbre</translation>
    </message>
    <message>
        <location filename="../planting.py" line="150"/>
        <source>Click the points of a line, then Finish: a tree every spacing</source>
        <translation>Cliquez les points d&apos;une ligne, puis Terminer : un arbre à chaque espacement</translation>
    </message>
    <message>
        <location filename="../planting.py" line="151"/>
        <source>Click the outline of a new green space, then Finish</source>
        <translation>Cliquez le contour d&apos;un nouvel espace vert, puis Terminer</translation>
    </message>
    <message>
        <location filename="../planting.py" line="152"/>
        <source>Species</source>
        <translation>Essence</translation>
    </message>
    <message>
        <location filename="../planting.py" line="153"/>
        <source>Height</source>
        <translation>Hauteur</translation>
    </message>
    <message>
        <location filename="../planting.py" line="154"/>
        <source>Crown</source>
        <translation>Houppier</translation>
    </message>
    <message>
        <location filename="../planting.py" line="155"/>
        <source>Spacing along a line</source>
        <translation>Espacement le long d&apos;une ligne</translation>
    </message>
    <message>
        <location filename="../planting.py" line="156"/>
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <location filename="../planting.py" line="157"/>
        <source>Cancel drawing</source>
        <translation>Annuler le tracé</translation>
    </message>
    <message>
        <location filename="../planting.py" line="158"/>
        <source>Remove the selected item</source>
        <translation>Retirer l&apos;élément sélectionné</translation>
    </message>
    <message>
        <location filename="../planting.py" line="159"/>
        <source>Greening targets</source>
        <translation>Objectifs de végétalisation</translation>
    </message>
    <message>
        <location filename="../planting.py" line="160"/>
        <source>Compute what roofs and walls offer</source>
        <translation>Calculer ce qu&apos;offrent toits et murs</translation>
    </message>
    <message>
        <location filename="../planting.py" line="234"/>
        <location filename="../planting.py" line="241"/>
        <source>New green space</source>
        <translation>Nouvel espace vert</translation>
    </message>
    <message>
        <location filename="../planting.py" line="235"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../planting.py" line="236"/>
        <source>Green space %1</source>
        <translation>Espace vert %1</translation>
    </message>
    <message>
        <location filename="../planting.py" line="242"/>
        <source>Kind:</source>
        <translation>Type :</translation>
    </message>
    <message>
        <location filename="../planting.py" line="281"/>
        <source>Choose a tool, then click in the 3D view.</source>
        <translation>Choisissez un outil, puis cliquez dans la vue 3D.</translation>
    </message>
    <message>
        <location filename="../planting.py" line="282"/>
        <source>Click where each tree goes.</source>
        <translation>Cliquez là où va chaque arbre.</translation>
    </message>
    <message>
        <location filename="../planting.py" line="283"/>
        <source>Click the points of the line (%1 so far), then Finish.</source>
        <translation>Cliquez les points de la ligne (%1 pour l&apos;instant), puis Terminer.</translation>
    </message>
    <message>
        <location filename="../planting.py" line="284"/>
        <source>Click the outline (%1 points so far), then Finish.</source>
        <translation>Cliquez le contour (%1 points pour l&apos;instant), puis Terminer.</translation>
    </message>
    <message>
        <location filename="../planting.py" line="305"/>
        <source>Tree %1</source>
        <translation>Arbre %1</translation>
    </message>
    <message>
        <location filename="../planting.py" line="325"/>
        <source>The whole area loaded</source>
        <translation>Toute la zone chargée</translation>
    </message>
    <message>
        <location filename="../planting.py" line="379"/>
        <source>target</source>
        <translation>objectif</translation>
    </message>
    <message>
        <location filename="../planting.py" line="381"/>
        <source>possible here</source>
        <translation>possible ici</translation>
    </message>
    <message>
        <location filename="../planting.py" line="383"/>
        <source>scenario</source>
        <translation>scénario</translation>
    </message>
    <message>
        <location filename="../planting.py" line="393"/>
        <source>% of the Paris target</source>
        <translation>% de l&apos;objectif de Paris</translation>
    </message>
    <message>
        <location filename="../planting.py" line="411"/>
        <source>No existing trees here.</source>
        <translation>Aucun arbre existant ici.</translation>
    </message>
    <message>
        <location filename="../planting.py" line="413"/>
        <source>Existing trees: %1, %2 species (Shannon diversity %3). Most common: %4. Heights 0-5 / 5-10 / 10-15 / 15-20 / 20+ m: %5.</source>
        <translation>Arbres existants : %1, %2 essences (diversité de Shannon %3). Les plus fréquentes : %4. Hauteurs 0-5 / 5-10 / 10-15 / 15-20 / 20+ m : %5.</translation>
    </message>
    <message>
        <location filename="../planting.py" line="420"/>
        <source>Planted in the scenario: %1.</source>
        <translation>Plantés dans le scénario : %1.</translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <location filename="../project_ui.py" line="92"/>
        <source>&amp;New project (demo district)</source>
        <translation>&amp;Nouveau projet (quartier de démonstration)</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="93"/>
        <source>Open &amp;project…</source>
        <translation>Ouvrir un &amp;projet…</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="94"/>
        <source>&amp;Save project</source>
        <translation>&amp;Enregistrer le projet</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="95"/>
        <source>Save project &amp;as…</source>
        <translation>Enregistrer le projet &amp;sous…</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="96"/>
        <source>Recent projects</source>
        <translation>Projets récents</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="171"/>
        <source>Save project</source>
        <translation>Enregistrer le projet</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="172"/>
        <location filename="../project_ui.py" line="235"/>
        <source>Maquette project (*.maquette)</source>
        <translation>Projet Maquette (*.maquette)</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="183"/>
        <source>Cannot save the project</source>
        <translation>Impossible d&apos;enregistrer le projet</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="185"/>
        <source>The previous version of the file is untouched.</source>
        <translation>La version précédente du fichier est intacte.</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="190"/>
        <source>Saved %1</source>
        <translation>Enregistré : %1</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="210"/>
        <source>Autosave failed: %1</source>
        <translation>Échec de l&apos;enregistrement automatique : %1</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="234"/>
        <source>Open a project</source>
        <translation>Ouvrir un projet</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="249"/>
        <source>Recover unsaved changes?</source>
        <translation>Récupérer les modifications non enregistrées ?</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="250"/>
        <source>%1 has an autosaved copy newer than the file (Maquette closed without saving). Open the autosaved copy?</source>
        <translation>%1 a une copie enregistrée automatiquement plus récente que le fichier (Maquette s&apos;est fermé sans enregistrer). Ouvrir la copie automatique ?</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="256"/>
        <location filename="../project_ui.py" line="314"/>
        <source>Cannot open the project</source>
        <translation>Impossible d&apos;ouvrir le projet</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="258"/>
        <source>Opening %1…</source>
        <translation>Ouverture de %1…</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="259"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="301"/>
        <source>Project opened with changes</source>
        <translation>Projet ouvert avec des changements</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="312"/>
        <source>Opening cancelled: the city shown is unchanged.</source>
        <translation>Ouverture annulée : la ville affichée n&apos;a pas changé.</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="315"/>
        <source>The city shown is unchanged.</source>
        <translation>La ville affichée n&apos;a pas changé.</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="337"/>
        <source>The project&apos;s logbook is missing: %1</source>
        <translation>Le carnet du projet est introuvable : %1</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="339"/>
        <source>logbook %1: not found (looked for %2); no logbook is open</source>
        <translation>carnet %1 : introuvable (cherché dans %2) ; aucun carnet n&apos;est ouvert</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="327"/>
        <location filename="../project_ui.py" line="342"/>
        <source>logbook %1: cannot be opened (see the Logbook panel)</source>
        <translation>carnet %1 : impossible à ouvrir (voir le panneau Carnet)</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="389"/>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="390"/>
        <source>Save the changes to the project first?</source>
        <translation>Enregistrer d&apos;abord les modifications du projet ?</translation>
    </message>
    <message>
        <location filename="../project_ui.py" line="414"/>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
</context>
<context>
    <name>ShadowPanel</name>
    <message>
        <location filename="../shadow_panel.py" line="179"/>
        <source>Computing shadows…</source>
        <translation>Calcul des ombres…</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="183"/>
        <source>The sun is below the horizon.</source>
        <translation>Le soleil est sous l’horizon.</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="185"/>
        <source>Sun %1° above the horizon (Paris time, daylight saving applied).</source>
        <translation>Soleil à %1° au-dessus de l’horizon (heure de Paris, heure d’été comprise).</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="189"/>
        <source>Show the sun&apos;s shadows</source>
        <translation>Afficher les ombres du soleil</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="190"/>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="191"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="192"/>
        <source>21 June</source>
        <translation>21 juin</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="193"/>
        <source>21 December</source>
        <translation>21 décembre</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="194"/>
        <source>Equinox</source>
        <translation>Équinoxe</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="195"/>
        <source>Play the day</source>
        <translation>Dérouler la journée</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="196"/>
        <source>Draw the sun&apos;s path</source>
        <translation>Tracer la course du soleil</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="197"/>
        <source>The sun&apos;s path of the day over the scene, with the hours of the Paris clock, the sun at the chosen time, and the solstices&apos; paths in grey</source>
        <translation>La course du soleil du jour au-dessus de la scène, avec les heures de Paris, le soleil à l&apos;heure choisie, et les courses des solstices en gris</translation>
    </message>
    <message>
        <location filename="../shadow_panel.py" line="200"/>
        <source>Time of day, Paris clock</source>
        <translation>Heure de la journée, heure de Paris</translation>
    </message>
</context>
<context>
    <name>Zones</name>
    <message>
        <location filename="../zones_panel.py" line="73"/>
        <source>Draw a zone</source>
        <translation>Dessiner une zone</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="74"/>
        <source>Click the outline in the 3D view, then Finish</source>
        <translation>Cliquez le contour dans la vue 3D, puis Terminer</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="75"/>
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="76"/>
        <source>Remove the zone</source>
        <translation>Supprimer la zone</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="77"/>
        <source>Figure</source>
        <translation>Indicateur</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="78"/>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="116"/>
        <source>Click the zone&apos;s outline in the 3D view, then Finish.</source>
        <translation>Cliquez le contour de la zone dans la vue 3D, puis Terminer.</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="129"/>
        <source>A zone needs at least 3 points.</source>
        <translation>Une zone demande au moins 3 points.</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="131"/>
        <source>New zone</source>
        <translation>Nouvelle zone</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="132"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="133"/>
        <source>Zone %1</source>
        <translation>Zone %1</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="224"/>
        <source>Roofs: mean sun (kWh/m²/year)</source>
        <translation>Toits : ensoleillement moyen (kWh/m²/an)</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="225"/>
        <source>Roofs favourable to PV (≥ 1,000 kWh/m²)</source>
        <translation>Toits favorables au PV (≥ 1 000 kWh/m²)</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="231"/>
        <source>Geothermal: share of the heat demand</source>
        <translation>Géothermie : part du besoin de chaleur</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="232"/>
        <source>Geothermal: buildings covered at 50 % / 100 %</source>
        <translation>Géothermie : bâtiments couverts à 50 % / 100 %</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="237"/>
        <source>Green roofs possible</source>
        <translation>Toitures végétalisables</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="238"/>
        <source>of which urban agriculture</source>
        <translation>dont agriculture urbaine</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="239"/>
        <source>Green walls possible</source>
        <translation>Murs végétalisables</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="241"/>
        <source>Tree canopy cover</source>
        <translation>Couverture de canopée</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="244"/>
        <source>Trees</source>
        <translation>Arbres</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="245"/>
        <source>Tree species (Shannon diversity)</source>
        <translation>Espèces d&apos;arbres (diversité de Shannon)</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="251"/>
        <source>Trees by trunk circumference (cm)</source>
        <translation>Arbres par circonférence du tronc (cm)</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="256"/>
        <source>Energy class known (logbook)</source>
        <translation>Classe énergie connue (carnet)</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="258"/>
        <source>Energy classes F and G</source>
        <translation>Classes énergie F et G</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="326"/>
        <source>Energy classes (DPE)</source>
        <translation>Classes énergie (DPE)</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="333"/>
        <source>Trees by height (m)</source>
        <translation>Arbres par hauteur (m)</translation>
    </message>
    <message>
        <location filename="../zones_panel.py" line="337"/>
        <source>Building heights (m)</source>
        <translation>Hauteurs des bâtiments (m)</translation>
    </message>
</context>
</TS>
